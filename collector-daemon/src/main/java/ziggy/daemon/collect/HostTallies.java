package ziggy.daemon.collect;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stats.Tally;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.event.ScannedEvent;

/**
 * The per-host tallies of STATUS, found by the host's bytes: no object per event, a String only for a
 * host never seen before. Bounded: events without a host count under {@value StatusKeys#UNKNOWN_HOST},
 * and past {@link StatusKeys#MAX_HOSTS} hosts, or for a host name longer than any real one, under
 * {@value StatusKeys#OTHER_HOSTS}. Collect thread only.
 */
final class HostTallies {
    /** The intake's logger: what the collect path logs stays under one name however its classes are cut. */
    private static final Logger LOG = System.getLogger(EventIntake.class.getName());

    private final ByteKeyTable<Tally> hosts = new ByteKeyTable<>();
    private final IntakeStats stats;
    private Tally unknownHost;
    private Tally otherHosts;

    HostTallies(IntakeStats stats) {
        this.stats = stats;
    }

    /** The tally of the host of {@code event}, scanned from {@code buffer}. */
    Tally of(ByteBuffer buffer, ScannedEvent event) {
        if (!event.hasHost()) {
            if (unknownHost == null) {
                unknownHost = stats.newHost(StatusKeys.UNKNOWN_HOST);
            }
            return unknownHost;
        }
        if (event.hostLength() > StatusKeys.MAX_HOST_BYTES) {
            // No host is named so: kept, 4,096 such names of up to 16 MiB each would fill the heap and STATUS.
            return otherHosts();
        }
        Tally host = hosts.get(buffer, event.hostOffset(), event.hostLength());
        if (host != null) {
            return host;
        }
        if (hosts.size() >= StatusKeys.MAX_HOSTS) {
            if (otherHosts == null) {
                LOG.log(Level.WARNING, StatusKeys.MAX_HOSTS + " hosts known; further hosts count under '"
                        + StatusKeys.OTHER_HOSTS + "'");
            }
            return otherHosts();
        }
        byte[] name = new byte[event.hostLength()];
        buffer.get(event.hostOffset(), name);
        host = stats.newHost(new String(name, StandardCharsets.UTF_8));
        hosts.put(name, host);
        return host;
    }

    private Tally otherHosts() {
        if (otherHosts == null) {
            otherHosts = stats.newHost(StatusKeys.OTHER_HOSTS);
        }
        return otherHosts;
    }
}
