package ziggy.processor;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the daemon tells every processor it creates.
 *
 * @param zone the daemon's {@code --timezone}, in which {@link Schedule#at} times of day are read
 * @param clock the clock to read instead of {@code System}'s, so that tests control time
 * @param host the daemon's host name, for events a processor makes itself
 */
public record ProcessorContext(ZoneId zone, Clock clock, String host) {
    public ProcessorContext {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
    }
}
