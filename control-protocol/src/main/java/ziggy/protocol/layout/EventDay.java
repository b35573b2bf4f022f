package ziggy.protocol.layout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Chooses the day file of an event: the local date, in one time zone, of its {@code start}, or of
 * its receive time when {@code start} is not a finite number of seconds from 1970-01-01 to
 * 9999-12-30 UTC (stopping a day short of 9999's end keeps every zone's date in four-digit years).
 *
 * <p>The two most recent days are remembered as ranges of epoch seconds, so that an event of the
 * same day as a recent one costs two comparisons and no object; java.time runs only on a new day.
 * Not thread-safe: one per writing thread.
 */
public final class EventDay {
    private static final double FIRST_SECOND = 0;
    private static final double END_SECOND = 253_402_214_400d;

    private final ZoneId zone;
    private long recentFrom = Long.MAX_VALUE;
    private long recentTo = Long.MIN_VALUE;
    private int recentDay;
    private long olderFrom = Long.MAX_VALUE;
    private long olderTo = Long.MIN_VALUE;
    private int olderDay;

    public EventDay(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The day, as {@code YYYYMMDD}, of an event with {@code startSeconds} (NaN if absent) received at {@code receiveMillis}. */
    public int dayOf(double startSeconds, long receiveMillis) {
        long second;
        if (startSeconds >= FIRST_SECOND && startSeconds < END_SECOND) {
            second = (long) Math.floor(startSeconds);
        } else {
            second = Math.floorDiv(receiveMillis, 1000L);
        }
        return dayOfSecond(second);
    }

    /** The day, as {@code YYYYMMDD}, of an instant in epoch seconds. */
    public int dayOfSecond(long second) {
        if (second >= recentFrom && second < recentTo) {
            return recentDay;
        }
        if (second >= olderFrom && second < olderTo) {
            int day = olderDay;
            swap();
            return day;
        }
        LocalDate date = Instant.ofEpochSecond(second).atZone(zone).toLocalDate();
        olderFrom = recentFrom;
        olderTo = recentTo;
        olderDay = recentDay;
        recentFrom = date.atStartOfDay(zone).toEpochSecond();
        recentTo = date.plusDays(1).atStartOfDay(zone).toEpochSecond();
        recentDay = date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth();
        return recentDay;
    }

    private void swap() {
        long from = recentFrom;
        long to = recentTo;
        int day = recentDay;
        recentFrom = olderFrom;
        recentTo = olderTo;
        recentDay = olderDay;
        olderFrom = from;
        olderTo = to;
        olderDay = day;
    }
}
