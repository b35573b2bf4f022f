package ziggy.view.summary;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Events per minute of one type, for at most {@link #MAX_MINUTES} minutes: when a later minute comes
 * past that, the earliest kept minute is let go (its events counted in {@link #droppedEvents()}), so
 * the series holds the latest week of a longer range.
 */
public final class MinuteCounts {
    /** A week of minutes. */
    public static final int MAX_MINUTES = 10_080;

    private final int maxMinutes;
    private final TreeMap<Long, long[]> counts = new TreeMap<>();
    private long droppedMinutes;
    private long droppedEvents;

    public MinuteCounts() {
        this(MAX_MINUTES);
    }

    MinuteCounts(int maxMinutes) {
        this.maxMinutes = maxMinutes;
    }

    /** Counts one event in {@code minute} (minutes since the epoch). */
    public void add(long minute) {
        long[] n = counts.get(minute);
        if (n != null) {
            n[0]++;
            return;
        }
        if (counts.size() >= maxMinutes) {
            if (minute < counts.firstKey()) {
                droppedEvents++;
                return;
            }
            droppedEvents += counts.pollFirstEntry().getValue()[0];
            droppedMinutes++;
        }
        counts.put(minute, new long[] {1});
    }

    /** Events by minute since the epoch, in time order; minutes without events are absent. */
    public NavigableMap<Long, long[]> counts() {
        return Collections.unmodifiableNavigableMap(counts);
    }

    public long droppedMinutes() {
        return droppedMinutes;
    }

    public long droppedEvents() {
        return droppedEvents;
    }
}
