package ziggy.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void everyKeepsItsGridAndSkipsMissedDueTimes() {
        Schedule every = Schedule.every(Duration.ofSeconds(10));
        assertEquals(T0.plusSeconds(10), every.firstDue(T0));
        assertEquals(T0.plusSeconds(20), every.nextDue(T0.plusSeconds(10), T0.plusMillis(10_050)));
        assertEquals(T0.plusSeconds(50), every.nextDue(T0.plusSeconds(10), T0.plusSeconds(47)));
        assertEquals(T0.plusSeconds(50), every.nextDue(T0.plusSeconds(10), T0.plusSeconds(40)));
        assertThrows(IllegalArgumentException.class, () -> Schedule.every(Duration.ofMillis(500)));
    }

    @Test
    void atIsTheNextWallClockTimeInTheZoneAcrossDstChanges() {
        ZoneId newYork = ZoneId.of("America/New_York");
        Schedule at = Schedule.at(LocalTime.of(2, 30), newYork);
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist, it fires at 03:30 EDT (07:30Z).
        Instant sat = Instant.parse("2026-03-07T12:00:00Z");
        Instant due = at.firstDue(sat);
        assertEquals(Instant.parse("2026-03-08T07:30:00Z"), due);
        assertEquals(Instant.parse("2026-03-09T06:30:00Z"), at.nextDue(due, due.plusMillis(100)));
        // 2026-11-01: 02:00 EDT goes back to 01:00 EST; 02:30 happens once (EST, 07:30Z): 01:30 repeats, not 02:30.
        Instant before = Instant.parse("2026-10-31T12:00:00Z");
        assertEquals(Instant.parse("2026-11-01T07:30:00Z"), at.firstDue(before));
        Schedule atOneThirty = Schedule.at(LocalTime.of(1, 30), newYork);
        Instant first = atOneThirty.firstDue(before);
        assertEquals(Instant.parse("2026-11-01T05:30:00Z"), first); // the earlier 01:30 (EDT)
        assertEquals(Instant.parse("2026-11-02T06:30:00Z"), atOneThirty.nextDue(first, first.plusSeconds(1)));
    }
}
