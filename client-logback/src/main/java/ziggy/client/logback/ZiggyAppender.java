package ziggy.client.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import ziggy.client.Context;
import ziggy.client.SenderOptions;
import ziggy.client.Ziggy;

/**
 * Logback appender: a logging event inside a context becomes a {@code .log} sub-event with body
 * {@code {name, level, msg}} and, when the event carries a throwable, {@code exception} (the stack trace as
 * text). Outside any context it makes a top-level {@code log} event, as a {@code ".log"} context does.
 *
 * <pre>{@code
 * <appender name="ZIGGY" class="ziggy.client.logback.ZiggyAppender">
 *   <type>.log</type>              <!-- optional: the sub-event's type, default ".log" -->
 *   <host>127.0.0.1</host>         <!-- optional: configure Ziggy from here if the application does not -->
 *   <port>3514</port>
 *   <queueCapacity>65536</queueCapacity>  <!-- optional, with <host>: SenderOptions, defaults as shown -->
 *   <queueBytes>64MB</queueBytes>
 *   <closeTimeout>2 seconds</closeTimeout>
 * </appender>
 * }</pre>
 */
public class ZiggyAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private String type = ".log";
    private String host;
    private int port = 3514;
    private Integer queueCapacity;
    private FileSize queueBytes;
    private Duration closeTimeout;

    public void setType(String type) {
        this.type = type;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public void setQueueCapacity(int events) {
        this.queueCapacity = events;
    }

    public void setQueueBytes(FileSize bytes) {
        this.queueBytes = bytes;
    }

    public void setCloseTimeout(Duration timeout) {
        this.closeTimeout = timeout;
    }

    @Override
    public void start() {
        if (type == null || type.isBlank()) {
            addError("ZiggyAppender: <type> is blank; use a sub-event type such as .log");
            return;
        }
        if (host != null && !host.isBlank()) {
            try {
                Ziggy.configure(host, port, senderOptions());
            } catch (IllegalArgumentException e) {
                addError("ZiggyAppender: " + e.getMessage());
                return;
            }
        } else if (queueCapacity != null || queueBytes != null || closeTimeout != null) {
            addWarn("ZiggyAppender: <queueCapacity>, <queueBytes> and <closeTimeout> apply only with <host>,"
                    + " when the appender configures Ziggy; the application's own configuration stands");
        }
        super.start();
    }

    private SenderOptions senderOptions() {
        SenderOptions options = SenderOptions.defaults();
        if (queueCapacity != null) {
            options = options.withQueueCapacity(queueCapacity);
        }
        if (queueBytes != null) {
            options = options.withQueueBytes(queueBytes.getSize());
        }
        if (closeTimeout != null) {
            options = options.withCloseTimeout(java.time.Duration.ofMillis(closeTimeout.getMilliseconds()));
        }
        return options;
    }

    @Override
    protected void append(ILoggingEvent event) {
        try (Context log = Ziggy.context(type)) {
            if (!log.isSampled()) {
                return;
            }
            log.set("name", event.getLoggerName());
            log.set("level", event.getLevel() == null ? null : event.getLevel().toString());
            log.set("msg", event.getFormattedMessage());
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                log.set("exception", ThrowableProxyUtil.asString(thrown) + CoreConstants.LINE_SEPARATOR);
            }
        } catch (RuntimeException e) {
            addError("ZiggyAppender: could not make a log event", e);
        }
    }
}
