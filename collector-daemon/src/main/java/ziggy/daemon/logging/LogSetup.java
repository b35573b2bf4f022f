package ziggy.daemon.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes every log record to stderr as one line:
 * {@code 2026-11-23T14:07:26.123Z INFO  ziggy.daemon.Daemon: message}, followed by a stack trace
 * only when a record carries one (a bug, never a user's mistake).
 */
public final class LogSetup {
    private LogSetup() {
    }

    /** {@code verbosity} 0 logs INFO and above, 1 adds DEBUG (-v), 2 and more adds TRACE (-vv). */
    public static void configure(int verbosity) {
        Level level = verbosity <= 0 ? Level.INFO : verbosity == 1 ? Level.FINE : Level.ALL;
        Logger root = Logger.getLogger("");
        for (Handler old : root.getHandlers()) {
            root.removeHandler(old);
        }
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new OneLineFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        // Libraries and the JDK stay at INFO even under -vv: their debug lines are not ziggyd's.
        root.setLevel(Level.INFO);
        ZIGGY.setLevel(level);
    }

    /** Held so that the level set on it is not lost when the logger would be garbage collected. */
    private static final Logger ZIGGY = Logger.getLogger("ziggy");

    private static final class OneLineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160)
                    .append(Instant.ofEpochMilli(record.getMillis()))
                    .append(' ')
                    .append(levelName(record.getLevel()))
                    .append(' ')
                    .append(record.getLoggerName())
                    .append(": ")
                    .append(formatMessage(record).replace('\n', ' '))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }

        private static String levelName(Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (level.intValue() >= Level.WARNING.intValue()) {
                return "WARN ";
            }
            if (level.intValue() >= Level.INFO.intValue()) {
                return "INFO ";
            }
            return level.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }
    }
}
