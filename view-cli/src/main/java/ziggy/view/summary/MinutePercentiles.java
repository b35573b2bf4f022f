package ziggy.view.summary;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import ziggy.processors.summary.FieldSummary;

/**
 * p50, p90 and p99 of one numeric field per minute, in bounded memory. The latest {@link #OPEN_MINUTES}
 * minutes each have a histogram (two significant digits: within 1 %); when a later minute opens,
 * the earliest open one is closed into its three figures. A value for a minute already closed (input
 * far out of time order, such as files concatenated out of order) is counted in {@link #late()} and
 * left out of the series; the totals of the summary still hold it. At most {@link MinuteCounts#MAX_MINUTES}
 * closed minutes are kept, the earliest let go first ({@link #droppedMinutes()}).
 */
public final class MinutePercentiles {
    static final int OPEN_MINUTES = 8;
    private static final int DIGITS = 2;

    private final int maxMinutes;
    private final TreeMap<Long, FieldSummary> open = new TreeMap<>();
    private final TreeMap<Long, Point> closed = new TreeMap<>();
    private long latestClosed = Long.MIN_VALUE;
    private long late;
    private long droppedMinutes;

    public MinutePercentiles() {
        this(MinuteCounts.MAX_MINUTES);
    }

    MinutePercentiles(int maxMinutes) {
        this.maxMinutes = maxMinutes;
    }

    public void record(long minute, double value) {
        FieldSummary histogram = open.get(minute);
        if (histogram == null) {
            if (minute <= latestClosed) {
                late++;
                return;
            }
            histogram = new FieldSummary(DIGITS);
            open.put(minute, histogram);
            if (open.size() > OPEN_MINUTES) {
                close(open.pollFirstEntry());
            }
        }
        histogram.record(value);
    }

    private void close(Map.Entry<Long, FieldSummary> minute) {
        FieldSummary h = minute.getValue();
        latestClosed = Math.max(latestClosed, minute.getKey());
        if (h.count() == h.negative()) {
            return; // nothing in the histogram: no percentiles to draw
        }
        closed.put(minute.getKey(), new Point(h.count(), h.percentile(50), h.percentile(90), h.percentile(99)));
        if (closed.size() > maxMinutes) {
            closed.pollFirstEntry();
            droppedMinutes++;
        }
    }

    /** The figures by minute since the epoch, in time order; closes the open minutes first (call at the end). */
    public NavigableMap<Long, Point> points() {
        while (!open.isEmpty()) {
            close(open.pollFirstEntry());
        }
        return Collections.unmodifiableNavigableMap(closed);
    }

    public long late() {
        return late;
    }

    public long droppedMinutes() {
        return droppedMinutes;
    }

    /** One minute's figures. */
    public record Point(long count, double p50, double p90, double p99) {
    }
}
