package ziggy.bench.load;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import ziggy.protocol.endpoint.Endpoint;

/**
 * One load run: where events go ({@code collect}), whose STATUS counts them ({@code control}, the
 * master's when sending through an agent), how many, of what size and type mix, over how many
 * connections, how fast (0 for as fast as they are taken), whether to measure the stream's latency
 * and from how long after the start (events sent in the {@code warmup} are sent but not measured),
 * and the log path whose day files must hold every event exactly once (null to skip that check).
 */
public record LoadSettings(InetSocketAddress collect, Endpoint control, long events, int connections, int size,
                           TypeMix mix, double rate, boolean latency, Duration warmup, Path checkLogPath,
                           Duration stall) {

    public LoadSettings {
        if (events < 1) {
            throw new IllegalArgumentException("--events must be at least 1: " + events);
        }
        if (connections < 1 || connections > 4096) {
            throw new IllegalArgumentException("--connections must be 1 to 4096: " + connections);
        }
        if (events / connections > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " events per connection");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be 0 (as fast as possible) or more: " + rate);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup-seconds must be 0 or more: " + warmup.toSeconds());
        }
    }

    /** Events sent on connection {@code index}: the total split as evenly as it goes. */
    long eventsOn(int index) {
        return events / connections + (index < events % connections ? 1 : 0);
    }
}
