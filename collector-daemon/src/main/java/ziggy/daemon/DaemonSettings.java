package ziggy.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import ziggy.daemon.agent.ForwardSettings;
import ziggy.daemon.kafka.KafkaCollectSettings;
import ziggy.daemon.security.SecuritySettings;
import ziggy.daemon.stdout.StdoutFormat;
import ziggy.protocol.endpoint.Endpoint;

/**
 * What a daemon is told to do, checked by {@link Ziggyd}: a master has a {@code logPath}, an agent a
 * {@code forward}, and a daemon with both writes day files and forwards.
 *
 * @param collect where the collect endpoint listens
 * @param control where the control port listens; the stream binds a random port on its host
 * @param logPath the folder of the day files; null for an agent that writes none
 * @param zone the time zone whose midnight separates day files
 * @param maxMessageBytes larger messages are rejected as oversized
 * @param idleClose a day file not written for this long is closed (and reopened on its next event)
 * @param fsyncFiles whether day files are fsynced before a forwarder's batch is acknowledged ({@code --fsync}
 *                   other than {@code never})
 * @param forward the agent's queue and upstreams; null for a master that forwards nothing
 * @param collectLimits what peers of the collect endpoint may hold: connections, idle time, memory
 * @param security CURVE, the authorized client and admin keys, the admin token's file
 * @param stdout what every event taken in is also written to stdout as ({@code --stdout}); off by default
 * @param pythonLogging where the SUB socket for Python {@code logging} records binds ({@code --python-logging}); null: none
 * @param processors what every event goes through before it is stored ({@code --processor}); none by default
 * @param kafka the topic a master consumes besides its collect port ({@code --collect-kafka}); null: none
 */
public record DaemonSettings(Endpoint collect, Endpoint control, Path logPath, ZoneId zone, int maxMessageBytes,
                             Duration idleClose, boolean fsyncFiles, ForwardSettings forward, CollectLimits collectLimits,
                             SecuritySettings security, StdoutFormat stdout, Endpoint pythonLogging,
                             ProcessorSettings processors, KafkaCollectSettings kafka) {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_IDLE_CLOSE = Duration.ofSeconds(60);
    /** Per day file with unwritten events; 64 KiB keeps writes large at a few MiB for dozens of busy files. */
    static final int FILE_BUFFER_BYTES = 64 * 1024;
    static final int MAX_OPEN_FILES = 512;
    /** The stream's hand-off: a few thousand events of usual size, dropped beyond. */
    static final int STREAM_RING_BYTES = 8 * 1024 * 1024;

    /** Nothing to stdout, no Python logging port. */
    public DaemonSettings(Endpoint collect, Endpoint control, Path logPath, ZoneId zone, int maxMessageBytes,
                          Duration idleClose, boolean fsyncFiles, ForwardSettings forward, CollectLimits collectLimits,
                          SecuritySettings security) {
        this(collect, control, logPath, zone, maxMessageBytes, idleClose, fsyncFiles, forward, collectLimits, security,
                StdoutFormat.OFF, null, ProcessorSettings.NONE, null);
    }

    /** The same, taking Python {@code logging} records at {@code at} (null: none). */
    public DaemonSettings withPythonLogging(Endpoint at) {
        return new DaemonSettings(collect, control, logPath, zone, maxMessageBytes, idleClose, fsyncFiles, forward,
                collectLimits, security, stdout, at, processors, kafka);
    }

    /** Without CURVE, the admin token in the state folder. */
    public DaemonSettings(Endpoint collect, Endpoint control, Path logPath, ZoneId zone, int maxMessageBytes,
                          Duration idleClose, boolean fsyncFiles, ForwardSettings forward, CollectLimits collectLimits) {
        this(collect, control, logPath, zone, maxMessageBytes, idleClose, fsyncFiles, forward, collectLimits,
                SecuritySettings.none());
    }

    /** The same, with {@code newSecurity}. */
    public DaemonSettings withSecurity(SecuritySettings newSecurity) {
        return new DaemonSettings(collect, control, logPath, zone, maxMessageBytes, idleClose, fsyncFiles, forward,
                collectLimits, newSecurity, stdout, pythonLogging, processors, kafka);
    }

    /** The same, writing every event taken in to stdout as {@code format} ({@code --stdout}). */
    public DaemonSettings withStdout(StdoutFormat format) {
        return new DaemonSettings(collect, control, logPath, zone, maxMessageBytes, idleClose, fsyncFiles, forward,
                collectLimits, security, format, pythonLogging, processors, kafka);
    }

    /** The same, running every event through {@code chain} before it is stored ({@code --processor}). */
    public DaemonSettings withProcessors(ProcessorSettings chain) {
        return new DaemonSettings(collect, control, logPath, zone, maxMessageBytes, idleClose, fsyncFiles, forward,
                collectLimits, security, stdout, pythonLogging, chain, kafka);
    }

    /** The same, also consuming {@code topic} as one of its group's masters ({@code --collect-kafka}). */
    public DaemonSettings withKafka(KafkaCollectSettings topic) {
        return new DaemonSettings(collect, control, logPath, zone, maxMessageBytes, idleClose, fsyncFiles, forward,
                collectLimits, security, stdout, pythonLogging, processors, topic);
    }

    /** With the collect limits this process's descriptor limit and {@code maxMessageBytes} call for. */
    public DaemonSettings(Endpoint collect, Endpoint control, Path logPath, ZoneId zone, int maxMessageBytes,
                          Duration idleClose, boolean fsyncFiles, ForwardSettings forward) {
        this(collect, control, logPath, zone, maxMessageBytes, idleClose, fsyncFiles, forward,
                CollectLimits.defaults(maxMessageBytes));
    }
}
