package ziggy.protocol.logging;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets out at most one line a second per reason, and says in the next line that goes out how many
 * like it were left out, so that a peer repeating a mistake a thousand times a second, a failing
 * disk or a flood of bad input costs one line a second instead of the log.
 *
 * <p>A reason is any key with {@code equals}: an enum constant, a string literal, a small int. Each
 * is remembered for the life of the log, so reasons must be a small fixed set, never a value that
 * comes with the input. Asking costs no object; a caller whose message is costly to build asks
 * {@link #shouldLog} first and builds it only on a yes. Safe to share between threads.
 */
public final class RateLimitedLog {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    /** Where the lines that go out are written: a {@link Logger}, or a command-line tool's stderr. */
    @FunctionalInterface
    public interface LineSink {
        /** {@code bug} is the throwable of a failure of ours, for its stack trace, or null. */
        void write(Level level, String line, Throwable bug);
    }

    private final LineSink sink;
    private final LongSupplier nanoClock;
    private final Map<Object, Window> windows = new HashMap<>();

    /** Lines to {@code logger}, timed by {@link System#nanoTime()}. */
    public RateLimitedLog(Logger logger) {
        this((level, line, bug) -> {
            if (bug == null) {
                logger.log(level, line);
            } else {
                logger.log(level, line, bug);
            }
        }, System::nanoTime);
    }

    /** Lines to {@code sink}, timed by {@code nanoClock} (a test's clock, or {@link System#nanoTime()}). */
    public RateLimitedLog(LineSink sink, LongSupplier nanoClock) {
        this.sink = sink;
        this.nanoClock = nanoClock;
    }

    /**
     * Whether a line for {@code reason} would go out now; when not, counts one left out, so the
     * caller that hears no drops its line. A yes changes nothing: the {@link #log} that follows
     * decides again, and says yes too unless another thread logged the same reason in between.
     */
    public synchronized boolean shouldLog(Object reason) {
        return isDue(reason, nanoClock.getAsLong());
    }

    /** Writes {@code message} unless a line for {@code reason} went out less than a second ago. */
    public void log(Level level, Object reason, String message) {
        log(level, reason, message, null);
    }

    /** As {@link #log(Level, Object, String)}, with the stack trace of a bug of ours. */
    public void log(Level level, Object reason, String message, Throwable bug) {
        long leftOut;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (!isDue(reason, now)) {
                return;
            }
            Window window = windows.computeIfAbsent(reason, r -> new Window());
            leftOut = window.leftOut;
            window.lastLogged = now;
            window.leftOut = 0;
        }
        // Written outside the lock: a slow sink holds up only its own caller.
        sink.write(level, leftOut == 0 ? message : message + " (" + leftOut + " more like it since the last such line)", bug);
    }

    /** Whether a line for {@code reason} may go out at {@code now}; when not, counts one left out. */
    private boolean isDue(Object reason, long now) {
        Window window = windows.get(reason);
        if (window != null && now - window.lastLogged < INTERVAL_NANOS) {
            window.leftOut++;
            return false;
        }
        return true;
    }

    /** The last line that went out for a reason, and how many were left out since. */
    private static final class Window {
        long lastLogged;
        long leftOut;
    }
}
