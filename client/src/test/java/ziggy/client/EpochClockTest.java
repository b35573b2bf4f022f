package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EpochClockTest {
    private static double instantSeconds() {
        Instant now = Instant.now();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    @Test
    void staysWithinAMillisecondOfTheWallClockAcrossSeveralAnchors() {
        long until = System.nanoTime() + 3 * EpochClock.ANCHOR_AGE_NANOS + TimeUnit.MILLISECONDS.toNanos(50);
        int readings = 0;
        double worst = 0;
        while (System.nanoTime() < until) {
            double before = instantSeconds();
            double clock = EpochClock.secondsAt(System.nanoTime());
            double after = instantSeconds();
            // The anchor's wall-clock reading may be a few microseconds off its nanoTime; allow 1 ms.
            worst = Math.max(worst, Math.max(before - clock, clock - after));
            readings++;
        }
        assertTrue(worst < 1e-3, "off the wall clock by " + worst + " s over " + readings + " readings");
        assertTrue(readings > 1000, "only " + readings + " readings");
    }
}
