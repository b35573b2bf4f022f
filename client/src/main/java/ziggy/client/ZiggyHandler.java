package ziggy.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A {@code java.util.logging} handler that turns each log record into a {@code .log} sub-event of the current
 * context ({@code request.log} inside {@code request}), as Ziggy's {@code LogHandler} does: body
 * {@code {name, level, msg}} and, when the record carries a throwable, {@code exception} (its stack trace as
 * text). Outside any context it makes a top-level {@code log} event, as a {@code ".log"} context does.
 *
 * <p>{@code msg} is the formatted message (parameters filled in), or the handler's formatter's output when one
 * is set. Records of the client's own logger ({@code ziggy.client}) are skipped, so a drop warning cannot
 * become an event that is dropped in turn.
 */
public final class ZiggyHandler extends Handler {
    private static final SimpleFormatter MESSAGE_ONLY = new SimpleFormatter();
    private static final ThreadLocal<Boolean> PUBLISHING = new ThreadLocal<>();

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record) || PUBLISHING.get() != null
                || (record.getLoggerName() != null && record.getLoggerName().startsWith("ziggy.client"))) {
            return;
        }
        PUBLISHING.set(Boolean.TRUE);
        try (Context log = Ziggy.context(".log")) {
            if (log.isSampled()) {
                log.set("name", record.getLoggerName());
                log.set("level", record.getLevel() == null ? null : record.getLevel().getName());
                log.set("msg", getFormatter() == null ? MESSAGE_ONLY.formatMessage(record) : getFormatter().format(record));
                if (record.getThrown() != null) {
                    log.set("exception", stackTrace(record.getThrown()));
                }
            }
        } catch (RuntimeException e) {
            reportError("ziggy: could not make a log event", e, java.util.logging.ErrorManager.WRITE_FAILURE);
        } finally {
            PUBLISHING.remove();
        }
    }

    static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Override
    public void flush() {
        // events leave when their context closes; nothing is held here
    }

    @Override
    public void close() {
        // the client's sender belongs to Ziggy.close(), not to a logging handler
    }
}
