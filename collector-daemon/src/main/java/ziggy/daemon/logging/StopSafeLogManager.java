package ziggy.daemon.logging;

import java.util.logging.LogManager;

/**
 * The JDK's LogManager, except that {@link #reset()} does nothing. The JDK resets (closes and drops
 * every handler) from a shutdown hook of its own, which on SIGTERM runs beside ziggyd's stop and
 * would swallow the stop's log lines, a late write error included. ziggyd installs it with the
 * {@code java.util.logging.manager} system property first thing in {@code Ziggyd.main}, and
 * {@link LogSetup} replaces the handlers itself.
 */
public final class StopSafeLogManager extends LogManager {
    @Override
    public void reset() {
        // Deliberately nothing: see the class comment.
    }
}
