package ziggy.zmtp;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Logs at most one line a second per reason, so a peer that reconnects a thousand times a second with
 * the same mistake costs one line a second, which also says how many like it were left out.
 * Used only from the endpoint's I/O thread.
 */
final class RateLimitedLog {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Logger logger;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new HashMap<>();

    RateLimitedLog(Logger logger, LongSupplier nanoClock) {
        this.logger = logger;
        this.nanoClock = nanoClock;
    }

    /** Logs {@code message} unless a line for {@code reason} went out less than a second ago. */
    void log(Level level, String reason, String message) {
        log(level, reason, message, null);
    }

    /** As {@link #log(Level, String, String)}, with the stack trace of a bug. */
    void log(Level level, String reason, String message, Throwable bug) {
        long now = nanoClock.getAsLong();
        Window window = windows.computeIfAbsent(reason, r -> new Window());
        if (window.logged && now - window.lastLogged < INTERVAL_NANOS) {
            window.suppressed++;
            return;
        }
        String line = window.suppressed == 0 ? message
                : message + " (" + window.suppressed + " more like it since the last such line)";
        window.logged = true;
        window.lastLogged = now;
        window.suppressed = 0;
        if (bug == null) {
            logger.log(level, line);
        } else {
            logger.log(level, line, bug);
        }
    }

    private static final class Window {
        boolean logged;
        long lastLogged;
        long suppressed;
    }
}
