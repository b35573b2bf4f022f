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

    /**
     * One line a record on stderr; levels from {@code levels} ({@code --log-level}), except that
     * {@code verbosity} 1 (-v) makes the daemon's level at least debug and 2 (-vv) trace.
     */
    /** Held, so that java.util.logging keeps the level set on it (it holds loggers weakly). */
    private static final Logger KAFKA_CLIENT = Logger.getLogger("org.apache.kafka");

        public static void configure(LogLevels levels, String setting, int verbosity) {
        Logger root = Logger.getLogger("");
        for (Handler old : root.getHandlers()) {
            root.removeHandler(old);
        }
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new OneLineFormatter());
        // The loggers' levels decide, so that a reload or LOG_LEVEL needs no handler of its own.
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        // Libraries and the JDK stay at INFO even under -vv: their debug lines are not ziggyd's.
        root.setLevel(Level.INFO);
        // The Kafka client logs its whole configuration at INFO each time a producer is made (again after each
        // failure): warnings and worse only, unless --log-level names org.apache.kafka.
        KAFKA_CLIENT.setLevel(Level.WARNING);
        levels.apply(setting);
        if (verbosity > 0) {
            levels.set(LogLevels.DAEMON, verbosity == 1 ? Level.FINE : Level.ALL);
        }
    }

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

        /** The level's name as ziggyd names levels ({@link LogLevels#nameOf}), upper case, padded to five. */
        private static String levelName(Level level) {
            return String.format("%-5s", LogLevels.nameOf(level).toUpperCase(java.util.Locale.ROOT));
        }
    }
}
