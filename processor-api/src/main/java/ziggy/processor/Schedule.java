package ziggy.processor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When a {@link TimerProcessor} fires: {@link #every} a fixed interval, or {@link #at} a time of day
 * in a zone (the daemon's {@code --timezone}).
 *
 * <p>The chain asks {@link #firstDue} once and, after each firing, {@link #nextDue} for the first due
 * time after {@code now}: due times a late tick missed are skipped, not fired in a burst, so a timer
 * fires at most once per tick and never twice for one due time. Across a DST change, {@code at}
 * keeps the wall-clock time: a time that does not exist that day (the spring gap) fires at the same
 * offset past the gap (02:30 becomes 03:30), and a time that happens twice (the autumn overlap)
 * fires once, at its first occurrence. So {@code at} fires exactly once each calendar day.
 */
public final class Schedule {
    /** The shortest and longest {@code every}. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_INTERVAL = Duration.ofDays(366);

    private final Duration interval;
    private final LocalTime time;
    private final ZoneId zone;

    private Schedule(Duration interval, LocalTime time, ZoneId zone) {
        this.interval = interval;
        this.time = time;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException unless {@code interval} is from one second to 366 days */
    public static Schedule every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("an interval must be from 1s to 366d, not " + interval);
        }
        return new Schedule(interval, null, null);
    }

    public static Schedule at(LocalTime time, ZoneId zone) {
        return new Schedule(null, Objects.requireNonNull(time, "time"), Objects.requireNonNull(zone, "zone"));
    }

    /** The interval of an {@code every} schedule; null for {@code at}. */
    public Duration interval() {
        return interval;
    }

    /** The time of day of an {@code at} schedule; null for {@code every}. */
    public LocalTime time() {
        return time;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first due time of a timer created at {@code start}. */
    public Instant firstDue(Instant start) {
        return interval != null ? start.plus(interval) : nextAt(start);
    }

    /** After firing for {@code due} at {@code now}: the next due time, the first after {@code now}. */
    public Instant nextDue(Instant due, Instant now) {
        if (interval == null) {
            return nextAt(now.isBefore(due) ? due : now);
        }
        Instant next = due.plus(interval);
        if (!next.isAfter(now)) {
            // Skip the due times a late tick missed, in one step: whole intervals keep the grid.
            long behind = Duration.between(next, now).toNanos() / interval.toNanos() + 1;
            next = next.plus(interval.multipliedBy(behind));
        }
        return next;
    }

    /** The first instant after {@code after} whose wall-clock time in {@link #zone} is {@link #time}. */
    private Instant nextAt(Instant after) {
        LocalDate day = after.atZone(zone).toLocalDate();
        while (true) {
            // ZonedDateTime.of moves a time in a gap forward by the gap and takes the earlier offset in an overlap.
            Instant candidate = ZonedDateTime.of(day, time, zone).toInstant();
            if (candidate.isAfter(after)) {
                return candidate;
            }
            day = day.plusDays(1);
        }
    }

    @Override
    public String toString() {
        return interval != null ? "every " + interval : "at " + time + " " + zone;
    }
}
