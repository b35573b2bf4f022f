package ziggy.client;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Wall-clock time as the double seconds since the epoch that Ziggy's events carry, read as
 * {@link System#nanoTime()}'s distance from a wall-clock reading at most {@link #ANCHOR_AGE_NANOS} old.
 *
 * <p>Why not {@link Instant#now()} each time: every event reads the clock at open and close, and on this
 * kind of machine {@code Instant.now()} costs about 48 ns against 25 ns for {@code nanoTime()} (a JNI call
 * against an intrinsic; docs/client.md). Re-reading the wall clock every 100 ms keeps timestamps within
 * the clock's slew over 100 ms (well under a millisecond); after a clock step, events may carry the old
 * time for up to 100 ms. Callers measure durations with {@code nanoTime()} alone, so a step never makes an
 * event end before it starts.
 */
final class EpochClock {
    static final long ANCHOR_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** A wall-clock reading and the {@code nanoTime()} taken with it. */
    private record Anchor(long nanos, double epochSeconds) {
    }

    private static volatile Anchor anchor = readAnchor();

    private EpochClock() {
    }

    /** The epoch seconds at {@code nanoTime}, a value {@link System#nanoTime()} returned lately. */
    static double secondsAt(long nanoTime) {
        Anchor current = anchor;
        if (nanoTime - current.nanos() >= ANCHOR_AGE_NANOS) {
            // Threads that race here each write a fresh anchor; any of them will do.
            current = readAnchor();
            anchor = current;
        }
        return current.epochSeconds() + (nanoTime - current.nanos()) / 1e9;
    }

    private static Anchor readAnchor() {
        Instant now = Instant.now();
        long nanos = System.nanoTime();
        return new Anchor(nanos, now.getEpochSecond() + now.getNano() / 1e9);
    }
}
