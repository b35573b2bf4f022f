package ziggy.daemon.logging;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * At most one line a second per reason, each saying how many like it were left out since the last.
 * Reasons are small integers (an enum's ordinal) so that asking costs no object; callers ask
 * {@link #shouldLog} first and build the message only when it says yes. One thread only.
 */
public final class RateLimitedLog {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Logger logger;
    private final long[] lastLogged;
    private final boolean[] everLogged;
    private final long[] suppressed;

    public RateLimitedLog(Logger logger, int reasons) {
        this.logger = logger;
        this.lastLogged = new long[reasons];
        this.everLogged = new boolean[reasons];
        this.suppressed = new long[reasons];
    }

    /** Whether a line for {@code reason} may go out now; if not, counts it as left out. */
    public boolean shouldLog(int reason, long nanoTime) {
        if (everLogged[reason] && nanoTime - lastLogged[reason] < INTERVAL_NANOS) {
            suppressed[reason]++;
            return false;
        }
        return true;
    }

    /** Logs the line that {@link #shouldLog} allowed. */
    public void log(int reason, long nanoTime, Level level, String message) {
        long left = suppressed[reason];
        everLogged[reason] = true;
        lastLogged[reason] = nanoTime;
        suppressed[reason] = 0;
        logger.log(level, left == 0 ? message : message + " (" + left + " more like it since the last such line)");
    }
}
