package ziggy.daemon.collect;

/**
 * How many event types a daemon makes: {@code most} in all since its start, each a file a day and a STATUS
 * entry, and at most {@code perPeer} of them first seen from one peer (an address, an IPv6 /64, as
 * {@code ziggy.zmtp.PeerAddress} counts it; the daemon's own intakes, Python logging and Kafka, together count
 * as one). An event of a type past either is rejected ({@code too_many_types}): so a client inventing names
 * fills only its own share, and the others' new types are still taken.
 */
public record TypeLimits(int most, int perPeer) {
    public TypeLimits {
        if (most < 1 || perPeer < 1) {
            throw new IllegalArgumentException("type limits must be at least 1: " + most + ", " + perPeer);
        }
    }

    /** {@code most} in all, and no share smaller than that for any peer. */
    public static TypeLimits of(int most) {
        return new TypeLimits(most, most);
    }
}
