package ziggy.protocol.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class EventDayTest {
    private static final long RECEIVED = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC).toEpochSecond() * 1000;

    private static double at(int year, int month, int day, int hour, int minute, int second, ZoneId zone) {
        return ZonedDateTime.of(year, month, day, hour, minute, second, 0, zone).toEpochSecond();
    }

    @Test
    void startChoosesTheDayInUtcAcrossMidnight() {
        EventDay day = new EventDay(ZoneOffset.UTC);
        assertEquals(20261122, day.dayOf(at(2026, 11, 22, 23, 59, 59, ZoneOffset.UTC) + 0.999, RECEIVED));
        assertEquals(20261123, day.dayOf(at(2026, 11, 23, 0, 0, 0, ZoneOffset.UTC), RECEIVED));
        assertEquals(20261122, day.dayOf(at(2026, 11, 22, 0, 0, 0, ZoneOffset.UTC), RECEIVED));
        assertEquals(20261124, day.dayOf(at(2026, 11, 24, 5, 0, 0, ZoneOffset.UTC), RECEIVED));
    }

    @Test
    void anotherZoneMovesMidnightIncludingAcrossDaylightSaving() {
        ZoneId newYork = ZoneId.of("America/New_York");
        EventDay day = new EventDay(newYork);
        double utcMidnight = at(2026, 11, 23, 0, 0, 0, ZoneOffset.UTC);
        assertEquals(20261122, day.dayOf(utcMidnight, RECEIVED), "19:00 the day before in New York");
        assertEquals(20261123, day.dayOf(at(2026, 11, 23, 0, 0, 0, newYork), RECEIVED));
        // 2026-03-08 is 23 hours long in New York.
        assertEquals(20260308, day.dayOf(at(2026, 3, 8, 23, 59, 59, newYork), RECEIVED));
        assertEquals(20260309, day.dayOf(at(2026, 3, 9, 0, 0, 0, newYork), RECEIVED));
    }

    @Test
    void receiveTimeDecidesWithoutAUsableStart() {
        EventDay day = new EventDay(ZoneOffset.UTC);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 1e12, 253_402_300_800d}) {
            assertEquals(20261123, day.dayOf(bad, RECEIVED), Double.toString(bad));
        }
        assertEquals(19700101, day.dayOf(0, RECEIVED));
        assertEquals(99991230, day.dayOf(253_402_214_399d, RECEIVED));
    }
}
