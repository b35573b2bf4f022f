package ziggy.zmtp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of receive memory all connections together may hold: the pooled buffers lent out, buffers
 * grown for a large message, and the small carries of pending tails. A buffer is charged before it is
 * allocated, so no claim of a peer (a frame header announcing 15 MiB, say) allocates anything the
 * budget has not granted; a connection refused memory waits with its reads paused (its bytes stay in
 * the kernel) until another gives some back. Charged and refunded on the I/O thread only; the figures
 * are read from any thread for status.
 */
final class ReceiveBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    ReceiveBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} from the budget; false, counted, when that would pass the limit. */
    boolean tryCharge(long bytes) {
        long now = held.getPlain() + bytes;
        if (now > limit) {
            refusals.setRelease(refusals.getPlain() + 1);
            return false;
        }
        held.setRelease(now);
        if (now > peak.getPlain()) {
            peak.setRelease(now);
        }
        return true;
    }

    void refund(long bytes) {
        held.setRelease(held.getPlain() - bytes);
    }

    /** Bytes not charged now. */
    long available() {
        return limit - held.getPlain();
    }

    long limit() {
        return limit;
    }

    long held() {
        return held.get();
    }

    long peak() {
        return peak.get();
    }

    /** Times memory was asked for and refused, each making one connection wait. */
    long refusals() {
        return refusals.get();
    }
}
