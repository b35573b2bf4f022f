package ziggy.client;

import java.time.Instant;

/** Wall-clock time as the double seconds since the epoch that Ziggy's events carry (microsecond precision). */
final class EpochClock {
    private EpochClock() {
    }

    static double nowSeconds() {
        Instant now = Instant.now();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }
}
