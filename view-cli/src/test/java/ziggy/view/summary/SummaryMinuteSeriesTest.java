package ziggy.view.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-minute series behind --graphs hold a bounded number of minutes and count what they let go. */
class SummaryMinuteSeriesTest {
    @Test
    void minuteCountsKeepTheLatestMinutesAndCountTheEventsOfTheOnesLetGo() {
        MinuteCounts counts = new MinuteCounts(3);
        for (long minute : new long[] {10, 10, 11, 12, 13, 13, 9, 14}) {
            counts.add(minute);
        }
        assertEquals(List.of(12L, 13L, 14L), List.copyOf(counts.counts().keySet()));
        assertEquals(2, counts.counts().get(13L)[0]);
        // 10 (twice) and 11 let go for 13 and 14; 9 came when it was older than every minute kept.
        assertEquals(2, counts.droppedMinutes());
        assertEquals(4, counts.droppedEvents());
    }

    @Test
    void minutePercentilesAreWithinOnePercentAndLateValuesAreCountedNotDrawn() {
        MinutePercentiles series = new MinutePercentiles(5);
        for (long minute = 0; minute < 20; minute++) {
            for (int v = 1; v <= 1000; v++) {
                series.record(minute, v * (minute + 1));
            }
        }
        series.record(3, 42); // closed long ago: input out of time order
        var points = series.points();
        assertEquals(List.of(15L, 16L, 17L, 18L, 19L), List.copyOf(points.keySet()));
        assertEquals(15, series.droppedMinutes());
        assertEquals(1, series.late());
        MinutePercentiles.Point last = points.get(19L);
        assertEquals(1000, last.count());
        for (double[] expected : new double[][] {{last.p50(), 500 * 20}, {last.p90(), 900 * 20}, {last.p99(), 990 * 20}}) {
            assertTrue(Math.abs(expected[0] - expected[1]) <= 0.01 * expected[1], expected[0] + " against " + expected[1]);
        }
    }
}
