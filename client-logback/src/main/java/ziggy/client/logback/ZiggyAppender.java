package ziggy.client.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import ziggy.client.Context;
import ziggy.client.CurveSettings;
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
 *   <queueCapacity>262144</queueCapacity> <!-- optional, with <host>: SenderOptions, defaults as shown -->
 *   <queueBytes>64MB</queueBytes>
 *   <closeTimeout>2 seconds</closeTimeout>
 *   <curveServerCertificate>/etc/ziggy/master.key</curveServerCertificate>  <!-- optional, with <host>: CURVE -->
 *   <curveCertificate>/etc/ziggy/app.key_secret</curveCertificate>          <!-- optional: own key pair -->
 * </appender>
 * }</pre>
 *
 * <p>CURVE, for a {@code ziggyd} started with {@code --curve-cert}: {@code <curveServerKey>} (the daemon's public
 * key, 40 characters of Z85) or {@code <curveServerCertificate>} (its public certificate file, {@code NAME.key})
 * turns it on; {@code <curveCertificate>} names the application's own secret certificate ({@code NAME.key_secret}),
 * for a daemon that takes only known keys; without it a fresh key pair is made. A key or file that cannot be used
 * is a configuration error and the appender stays stopped (see {@link CurveSettings}).
 */
public class ZiggyAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private String type = ".log";
    private String host;
    private int port = 3514;
    private Integer queueCapacity;
    private FileSize queueBytes;
    private Duration closeTimeout;
    private String curveServerKey;
    private String curveServerCertificate;
    private String curveCertificate;

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

    public void setCurveServerKey(String z85) {
        this.curveServerKey = z85;
    }

    public void setCurveServerCertificate(String file) {
        this.curveServerCertificate = file;
    }

    public void setCurveCertificate(String file) {
        this.curveCertificate = file;
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
        } else if (queueCapacity != null || queueBytes != null || closeTimeout != null || curveGiven()) {
            addWarn("ZiggyAppender: <queueCapacity>, <queueBytes>, <closeTimeout> and the <curve…> settings apply only"
                    + " with <host>, when the appender configures Ziggy; the application's own configuration stands");
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
        return options.withCurve(curveSettings());
    }

    private boolean curveGiven() {
        return given(curveServerKey) || given(curveServerCertificate) || given(curveCertificate);
    }

    /** Null without CURVE; an {@link IllegalArgumentException} (a configuration error) for settings that cannot be used. */
    private CurveSettings curveSettings() {
        if (given(curveServerKey) && given(curveServerCertificate)) {
            throw new IllegalArgumentException("give the daemon's key as <curveServerKey> or <curveServerCertificate>, not both");
        }
        CurveSettings settings;
        if (given(curveServerKey)) {
            settings = CurveSettings.serverKey(curveServerKey.trim());
        } else if (given(curveServerCertificate)) {
            settings = CurveSettings.serverCertificate(Path.of(curveServerCertificate.trim()));
        } else if (given(curveCertificate)) {
            throw new IllegalArgumentException("<curveCertificate> needs the daemon's key: <curveServerCertificate> or <curveServerKey>");
        } else {
            return null;
        }
        return given(curveCertificate) ? settings.withOwnCertificate(Path.of(curveCertificate.trim())) : settings;
    }

    private static boolean given(String setting) {
        return setting != null && !setting.isBlank();
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
