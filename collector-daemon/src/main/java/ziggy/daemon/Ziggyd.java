package ziggy.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Option;
import ziggy.cli.CommandFailure;
import ziggy.cli.ErrorReporting;
import ziggy.cli.ExitStatus;
import ziggy.cli.VersionProvider;
import ziggy.cli.config.Configuration;
import ziggy.daemon.logging.LogLevels;
import ziggy.daemon.logging.LogSetup;
import ziggy.daemon.logging.StopSafeLogManager;
import ziggy.daemon.reload.Reconfiguration;
import ziggy.daemon.reload.ReloadSignal;
import ziggy.daemon.watch.PartWatch;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.daemon.agent.ForwardSettings;
import ziggy.daemon.collect.EventIntake;
import ziggy.daemon.kafka.KafkaCollectSettings;
import ziggy.daemon.security.SecuritySettings;
import ziggy.daemon.stdout.StdoutFormat;
import ziggy.protocol.security.AuthorizedKeys;
import ziggy.protocol.security.CurveCertificate;
import ziggy.protocol.security.CurveClientKeys;
import ziggy.protocol.security.InvalidCertificateException;
import ziggy.forward.ForwarderOptions;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.forward.Upstream;
import ziggy.processor.ProcessorOptions;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.zmtp.ZmtpOptions;

/**
 * {@code ziggyd}: reads the command line, starts a {@link RunningDaemon}, waits for SHUTDOWN or a
 * signal, stops it. Exit codes: 0 after a clean stop (SHUTDOWN, SIGTERM, SIGINT), 1 when it cannot
 * run (a port in use, a folder it cannot write), when a part of it failed (a thread died; it then stops
 * by itself), or when a stop outlived {@code --stop-timeout}; 2 for a usage mistake. Mistakes are one
 * line on stderr.
 */
@Command(name = "ziggyd", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        header = "Collect Ziggy events: a master writes daily BSON files, an agent queues and forwards them.",
        description = {"Collects Ziggy events over ZeroMQ. A master (--log-path) writes them into one BSON file per type",
                "and day, <log-path>/<type>.<YYYYMMDD>.bson, and publishes every event on a live stream. An agent",
                "(--forward) keeps them in a disk queue and forwards them upstream, acknowledged, losing nothing.",
                "With both, a daemon writes its own day files and forwards the same events, each once in both."})
public final class Ziggyd implements Callable<Integer> {
    private static final int LARGEST_MESSAGE_BYTES = 1 << 30;
    /** Enough for the collect path's code to be compiled by the JIT (docs/performance.md, issue 23). */
    static final int WARM_UP_EVENTS = 200_000;

    @Option(names = "--collect", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3514",
            description = "Where Ziggy clients PUSH events (PULL socket); * for every interface. Default: ${DEFAULT-VALUE}.")
    String collect;

    @Option(names = "--control", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:3513",
            description = "Control port (REP) for ziggyctl and ziggyview; the stream binds a random port on its host. "
                    + "Default: ${DEFAULT-VALUE}.")
    String control;

    @Option(names = "--log-path", paramLabel = "DIR",
            description = {"Master: folder of the day files <type>.<YYYYMMDD>.bson; made if missing. With --forward too,"
                    + " every event is written here and forwarded."})
    Path logPath;

    @Option(names = "--forward", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = {"Agent: keep collected events in a disk queue and forward them to these upstreams' collect ports,"
                    + " the first that answers, in order. With other agents forwarding to it, an agent is a relay."
                    + " kafka://HOST:PORT[,HOST:PORT...]/TOPIC sends them to a Kafka topic instead (acks=all, idempotent)."
                    + " With --log-path too, it also writes every event to its own day files."})
    String forward;

    @Option(names = "--collect-kafka", paramLabel = "kafka://HOST:PORT[,HOST:PORT...]/TOPIC",
            description = {"Master: also take the events agents forward to this Kafka topic (--forward=kafka://…), as one of"
                    + " the masters of --kafka-group: each partition is one master's, and where it stands is kept with the day"
                    + " files, so a restart reads on exactly where they end (docs/scaling.md). Off unless given."})
    String collectKafka;

    @Option(names = "--kafka-group", paramLabel = "NAME", defaultValue = KafkaCollectSettings.DEFAULT_GROUP,
            description = "Master with --collect-kafka: the consumer group its masters share. Default: ${DEFAULT-VALUE}.")
    String kafkaGroup;

    @Option(names = "--forward-control", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Agent: the upstreams' control ports, one per --forward upstream. Default: each upstream's host, port 3513.")
    String forwardControl;

    @Option(names = "--queue-path", paramLabel = "DIR", defaultValue = "/var/spool/ziggy",
            description = "Agent: the disk queue's folder; made if missing, locked while the agent runs. Default: ${DEFAULT-VALUE}.")
    Path queuePath;

    @Option(names = "--queue-max-bytes", paramLabel = "SIZE", defaultValue = "1g",
            description = "Agent: the most the queue holds on disk, e.g. 512m, 20g. Default: ${DEFAULT-VALUE}.")
    String queueMaxBytes;

    @Option(names = "--queue-full", paramLabel = "POLICY", defaultValue = "block",
            description = {"Agent: when the queue is full, block (stop reading clients; they drop, counted on their side) or"
                    + " drop-oldest (delete the oldest unacknowledged events, counted in STATUS). Default: ${DEFAULT-VALUE}."})
    String queueFull;

    @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone whose midnight starts a new day file, e.g. Europe/Paris. Default: ${DEFAULT-VALUE}.")
    String timezone;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "" + DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
            description = "Larger messages are rejected and counted as oversized. Default: ${DEFAULT-VALUE} (16 MiB).")
    int maxMessageBytes;

    @Option(names = "--max-connections", paramLabel = "N",
            description = {"Collect port: connections open at once; at the cap the quietest one is closed to admit a new peer."
                    + " Default: the descriptor limit (ulimit -n) less " + CollectLimits.RESERVED_DESCRIPTORS
                    + " for files and the other ports, within " + CollectLimits.FEWEST_CONNECTIONS + ".."
                    + CollectLimits.MOST_CONNECTIONS + "."})
    Integer maxConnections;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Collect port: close a connection that sends nothing, not even a ZMTP 3.1 heartbeat, for this long "
                    + "after its handshake. Default: ${DEFAULT-VALUE}.")
    int idleTimeoutSeconds;

    @Option(names = "--source-expiry", paramLabel = "DURATION", defaultValue = "7d",
            description = {"Master and relay: forget a forwarding source (an agent's seq marks) that sends no batch for this"
                    + " long, making room for new ones among the " + EventIntake.MAX_SOURCES + " kept: e.g. 12h, 30d, or never."
                    + " A source forgotten is taken afresh on its next batch. Default: ${DEFAULT-VALUE}."})
    String sourceExpiry;

    @Option(names = "--max-sources-per-peer", paramLabel = "N", defaultValue = "" + CollectLimits.DEFAULT_MAX_SOURCES_PER_PEER,
            description = {"Master and relay: forwarding sources one peer (an IPv4 address, an IPv6 /64) may hold among the "
                    + EventIntake.MAX_SOURCES + " kept; at it, a new source of that peer takes the place of its idlest"
                    + " (idle a minute, or the source expiry if shorter), or is refused. Default: ${DEFAULT-VALUE}."})
    int maxSourcesPerPeer;

    @Option(names = "--max-types-per-peer", paramLabel = "N", defaultValue = "" + CollectLimits.DEFAULT_MAX_TYPES_PER_PEER,
            description = {"Event types first seen from one peer (an IPv4 address, an IPv6 /64; this daemon's Python logging"
                    + " and Kafka intakes count as one) among the " + EventIntake.MAX_TYPES + " a daemon makes; an event of a"
                    + " further new type from it is rejected (too_many_types). Default: ${DEFAULT-VALUE}."})
    int maxTypesPerPeer;

    @Option(names = "--collect-memory", paramLabel = "SIZE",
            description = {"Collect port: receive memory all connections may hold together, e.g. 64m; a connection beyond it"
                    + " waits. At least twice --max-message-bytes and 2m. Default: 64m, or that least if it is more."})
    String collectMemory;

    @Option(names = "--idle-close-seconds", paramLabel = "SECONDS", defaultValue = "60",
            description = "Close a day file after this long without events; it is reopened for append on the next. "
                    + "Default: ${DEFAULT-VALUE}.")
    int idleCloseSeconds;

    @Option(names = "--fsync", paramLabel = "POLICY", defaultValue = FsyncPolicy.DEFAULT_TEXT,
            description = {"When collected events are forced to the disk: batch, interval:<ms> or never. An agent fsyncs its queue"
                    + " this way; a master fsyncs its day files before it acknowledges a forwarder's batch unless never;"
                    + " with --log-path and --forward, both."
                    + " docs/queue.md says what each risks. Default: ${DEFAULT-VALUE}."})
    String fsync;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "Answer HTTP GET /healthcheck, /metrics (Prometheus) and /status here, e.g. 127.0.0.1:5555. "
                    + "Off unless given.")
    String http;

    @Option(names = "--python-logging", paramLabel = "HOST:PORT",
            description = {"Take Python logging records here (a SUB socket; * for every interface), as the ZeroMQ logging"
                    + " aggregator's clients publish them, e.g. '*:9020': each becomes an event of type log.<channel>."
                    + " /healthcheck then answers module zmq_logging_aggregator, which those clients check. Off unless given."})
    String pythonLogging;

    @Option(names = "--warm-up", paramLabel = "EVENTS", defaultValue = "" + WARM_UP_EVENTS,
            description = {"Before opening its ports, run this many synthetic events through throwaway daemons of the same"
                    + " code (loopback ports, a scratch folder in java.io.tmpdir deleted after), so that the first real"
                    + " burst meets compiled code: about 2 s and 3 CPU-seconds at start-up on two cores. 0 turns it off."
                    + " Default: ${DEFAULT-VALUE}."})
    int warmUpEvents;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = {"The longest a stop (SIGTERM, SHUTDOWN, a failed part) may take: past it the process ends with"
                    + " exit status 1 whatever holds it. Keep it under systemd's TimeoutStopSec (90 s by default)."
                    + " Default: ${DEFAULT-VALUE}."})
    int stopTimeoutSeconds;

    @Option(names = "--curve-cert", paramLabel = "FILE",
            description = {"The daemon's secret CURVE certificate (NAME.key_secret, as `ziggyctl keygen` or pyzmq's"
                    + " zmq.auth.create_certificates write it): collect, control and stream then speak CurveZMQ only."
                    + " An agent also uses it as its own key toward --forward-curve-server. Off unless given."})
    Path curveCert;

    @Option(names = "--curve-clients", paramLabel = "DIR",
            description = {"With --curve-cert: a folder of the public certificates (*.key) of the clients allowed to"
                    + " connect to any port; others are refused and counted. Default: any CURVE client."})
    Path curveClients;

    @Option(names = "--curve-admins", paramLabel = "DIR",
            description = {"With --curve-cert: a folder of the public certificates (*.key) whose requests may run admin"
                    + " commands (SHUTDOWN) without the admin token. Default: none."})
    Path curveAdmins;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = {"Where the admin token is written at every start (mode 0600): an admin command must carry it,"
                    + " unless it comes from a --curve-admins key. Default: <log-path>/.ziggyd/admin-token on a daemon"
                    + " with --log-path, else <queue-path>/admin-token."})
    Path adminTokenFile;

    @Option(names = "--forward-curve-server", paramLabel = "FILE",
            description = {"Agent: the upstreams' public CURVE certificate (NAME.key): batches and COMMITTED then go over"
                    + " CURVE, with --curve-cert as this agent's key, or a key pair made at each start without it."})
    Path forwardCurveServer;

    @Option(names = "--stdout", paramLabel = "FORMAT", arity = "0..1", fallbackValue = "json",
            description = {"Also write every event taken in to stdout, one line each (for a container's log): json (relaxed"
                    + " Extended JSON, as ziggyview prints it; --stdout alone), text (log and log.* events as"
                    + " 'TIME LEVEL logger: message', others as JSON) or off. A slow stdout never slows collecting: past an"
                    + " 8 MiB buffer, events are left out of stdout, counted in STATUS. ziggyd's own log is on stderr."
                    + " Default: off."})
    String stdout;

    @Option(names = {"--processor", "--processors"}, paramLabel = "NAME[:KEY=VALUE,...]", split = ";",
            description = {"A processor every event goes through before it is stored, streamed and forwarded, in the order"
                    + " given: repeat the flag, or separate them with ';' (the configuration file's processors key and"
                    + " ZIGGYD_PROCESSORS take the same text). Built in: drop, redact, sample, rename, summary; others from"
                    + " --plugin-dir. Example: --processor=redact:fields=body.password --processor=summary:interval=1m,"
                    + "fields=body.ms (docs/processors.md). A reload applies a new list."})
    List<String> processors = new ArrayList<>();

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "A folder of processor plugins (jars with a META-INF/services/ziggy.processor.ProcessorFactory),"
                    + " read at the start.")
    Path pluginDir;

    @Option(names = "--log-level", paramLabel = "LEVEL[,LOGGER=LEVEL...]", defaultValue = LogLevels.DEFAULT,
            description = {"ziggyd's own log levels (error, warn, info, debug, trace): the daemon's, then single loggers'"
                    + " (e.g. info,ziggy.forward=debug). A reload applies it live; ziggyctl log-level sets one at run time"
                    + " (default: ${DEFAULT-VALUE})."})
    String logLevel;

    @Option(names = "-v", description = "More log detail: -v for debug, -vv for trace (over --log-level at the start).")
    boolean[] verbosity = new boolean[0];

    /** The arguments ziggyd was started with, which a reload parses again; set by {@link #run}. */
    private String[] args = new String[0];
    /** The parsed command line, for the settings in effect at the start; set by {@link #run}. */
    private CommandLine commandLine;

    @Override
    public Integer call() throws InterruptedException {
        DaemonSettings settings;
        Endpoint httpAt;
        try {
            settings = settings();
            httpAt = http == null ? null : Endpoint.parse(http, "--http");
        } catch (IllegalArgumentException | InvalidCertificateException e) { // BadEndpointException included
            return usageError(e.getMessage());
        }
        LogLevels levels = new LogLevels();
        LogSetup.configure(levels, logLevel, verbosity.length);
        Reconfiguration reconfiguration = new Reconfiguration(Configuration.values(commandLine), () -> reread(args), levels);
        // Before anything starts a thread: JeroMQ's contexts take the default handler for their I/O threads too.
        PartWatch parts = new PartWatch();
        Thread.setDefaultUncaughtExceptionHandler(parts.anyThread());
        Duration stopTimeout = Duration.ofSeconds(stopTimeoutSeconds);
        // Before the start, which may take a while (queue recovery): a SIGTERM then still ends with status 0.
        SignalStop signalStop = new SignalStop(stopTimeout);
        Runtime.getRuntime().addShutdownHook(new Thread(signalStop, "ziggy-signal-stop"));
        CollectWarmUp.Outcome warmUp;
        RunningDaemon daemon;
        try {
            warmUp = warmUp(settings, httpAt, levels);
            daemon = RunningDaemon.start(settings, httpAt, parts, reconfiguration);
        } catch (StartupException e) {
            signalStop.exitingNormally();
            throw new CommandFailure(e.getMessage());
        }
        if (warmUp != null) {
            // After the start: a start that fails says only why, in one line.
            // Looked up here, not held in a field: main must set the log manager before any logger is made.
            System.getLogger(Ziggyd.class.getName()).log(warmUp.complete() ? System.Logger.Level.INFO
                    : System.Logger.Level.WARNING, warmUp.message());
        }
        signalStop.started(daemon);
        ReloadSignal.install(reconfiguration);
        daemon.awaitStopRequest();
        StopDeadline.start(stopTimeout);
        daemon.stop();
        signalStop.exitingNormally();
        return daemon.failed() ? ExitStatus.RUNTIME_FAILURE : ExitStatus.OK;
    }

    /**
     * Runs {@link CollectWarmUp} unless {@code --warm-up=0} (then null). What its throwaway daemons log is not
     * this daemon's (their ports, their folders): only their errors reach the log, unless -v asks for
     * everything; how the warm-up went is one line after the start. The daemon's ports are tried first, so
     * that a start refused for a port in use is refused before the warm-up's seconds.
     */
    private CollectWarmUp.Outcome warmUp(DaemonSettings settings, Endpoint httpAt, LogLevels levels)
            throws InterruptedException, StartupException {
        if (warmUpEvents == 0) {
            return null;
        }
        ListenPorts.tryAll(settings, httpAt);
        String level = verbosity.length > 0 ? null : levels.set(LogLevels.DAEMON, Level.SEVERE);
        try {
            return new CollectWarmUp(settings, warmUpEvents, Path.of(System.getProperty("java.io.tmpdir"))).run();
        } finally {
            if (level != null) {
                levels.set(LogLevels.DAEMON, LogLevels.level(level));
            }
        }
    }

    /**
     * Every check of the settings that asks this host nothing, throwing its one-line refusal. Both
     * {@code --print-config} and the start make them; the start then also resolves the endpoints' names,
     * which a configuration printed elsewhere (for another host) need not resolve.
     */
    private void checkValues() {
        zone();
        LogLevels.parse(logLevel);
        processorSettings().close();
        if (maxMessageBytes < 5 || maxMessageBytes > LARGEST_MESSAGE_BYTES) {
            throw new IllegalArgumentException("--max-message-bytes: " + maxMessageBytes + " is outside 5.."
                    + LARGEST_MESSAGE_BYTES + " (5 bytes is the smallest event; 1 GiB is plenty for one)");
        }
        if (idleCloseSeconds < 1) {
            throw new IllegalArgumentException("--idle-close-seconds: must be at least 1, not " + idleCloseSeconds);
        }
        if (warmUpEvents < 0) {
            throw new IllegalArgumentException("--warm-up: a number of events, 0 for none, not " + warmUpEvents);
        }
        if (stopTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--stop-timeout: must be at least 1, not " + stopTimeoutSeconds);
        }
        stdoutFormat();
        collectLimits();
        FsyncPolicy fsyncPolicy = FsyncPolicy.parse(fsync);
        kafkaCollect();
        if (logPath == null && forward == null) {
            throw new IllegalArgumentException(
                    "give --log-path DIR (a master writing day files), --forward HOST:PORT (an agent forwarding them), or both");
        }
        if (forward != null) {
            queueOptions(fsyncPolicy);
            kafkaTarget();
        }
        if (curveCert == null && (curveClients != null || curveAdmins != null)) {
            throw new IllegalArgumentException((curveClients != null ? "--curve-clients" : "--curve-admins")
                    + " needs --curve-cert: without the daemon's own certificate no port speaks CURVE");
        }
        if (forwardCurveServer != null && forward == null) {
            throw new IllegalArgumentException("--forward-curve-server is for an agent: give --forward too");
        }
    }

    /** {@code --collect-kafka}, checked: a master's (day files, no --forward); null without it. */
    private KafkaCollectSettings kafkaCollect() {
        if (collectKafka == null) {
            return null;
        }
        if (logPath == null || forward != null) {
            throw new IllegalArgumentException("--collect-kafka is for a master: give --log-path, and no --forward");
        }
        return new KafkaCollectSettings(KafkaTarget.parse(collectKafka, "--collect-kafka"), kafkaGroup);
    }

    /**
     * The certificates and key folders, read: a file that is missing or no certificate is a one-line
     * refusal naming it ({@link InvalidCertificateException}), as a bad flag value is.
     */
    private SecuritySettings security() {
        CurveCertificate own = curveCert == null ? null : CurveCertificate.load(curveCert);
        if (own != null && !own.hasSecretKey()) {
            throw new InvalidCertificateException(curveCert + ": a public certificate; --curve-cert needs the daemon's"
                    + " secret one (NAME" + CurveCertificate.SECRET_SUFFIX + ")");
        }
        return new SecuritySettings(own, curveClients == null ? null : AuthorizedKeys.load(curveClients),
                curveAdmins == null ? null : AuthorizedKeys.load(curveAdmins), adminTokenFile);
    }

    /** The agent's CURVE keys toward its upstreams; null without --forward-curve-server. */
    private CurveClientKeys forwardCurve(SecuritySettings security) {
        if (forwardCurveServer == null) {
            return null;
        }
        return new CurveClientKeys(CurveCertificate.load(forwardCurveServer), security.certificate());
    }

    private DaemonSettings settings() {
        checkValues();
        Endpoint collectAt = Endpoint.parse(collect, "--collect");
        Endpoint controlAt = Endpoint.parse(control, "--control");
        if (collectAt.port() == controlAt.port() && (collectAt.isAnyHost() || controlAt.isAnyHost()
                || collectAt.address().equals(controlAt.address()))) {
            throw new IllegalArgumentException("--collect and --control cannot share port " + collectAt.port());
        }
        FsyncPolicy fsyncPolicy = FsyncPolicy.parse(fsync);
        SecuritySettings security = security();
        Endpoint pythonLoggingAt = pythonLogging == null ? null : Endpoint.parse(pythonLogging, "--python-logging");
        return new DaemonSettings(collectAt, controlAt, logPath, zone(), maxMessageBytes, Duration.ofSeconds(idleCloseSeconds),
                !(fsyncPolicy instanceof FsyncPolicy.Never),
                forward == null ? null : forwardSettings(fsyncPolicy, forwardCurve(security)), collectLimits(), security)
                .withStdout(stdoutFormat()).withPythonLogging(pythonLoggingAt).withProcessors(processorSettings())
                .withKafka(kafkaCollect());
    }

    /** The processors, each checked by building it once; a one-line IllegalArgumentException names a bad one. */
    private ProcessorSettings processorSettings() {
        if (pluginDir != null && !Files.isDirectory(pluginDir)) {
            throw new IllegalArgumentException("--plugin-dir " + pluginDir + ": no such folder");
        }
        return ProcessorSettings.of(processors == null ? List.of() : processors, pluginDir, ProcessorSettings.contextFor(zone()));
    }

    private StdoutFormat stdoutFormat() {
        return StdoutFormat.ofSetting(stdout);
    }

    private CollectLimits collectLimits() {
        if (maxConnections != null && maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections: must be at least 1, not " + maxConnections);
        }
        if (idleTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--idle-timeout: must be at least 1 second, not " + idleTimeoutSeconds);
        }
        long least = ZmtpOptions.smallestBudget(maxMessageBytes, ZmtpOptions.defaults().receiveBufferBytes());
        long memory = collectMemory == null ? CollectLimits.defaultMemoryBytes(maxMessageBytes)
                : ByteSize.parse(collectMemory, "--collect-memory");
        if (memory < least) {
            throw new IllegalArgumentException("--collect-memory: " + collectMemory + " is less than the " + least
                    + " bytes that a message of --max-message-bytes (" + maxMessageBytes + ") needs: twice it and two 1 MiB buffers");
        }
        int connections = maxConnections != null ? maxConnections
                : CollectLimits.defaultMaxConnections(CollectLimits.processDescriptorLimit());
        if (maxSourcesPerPeer < 1 || maxSourcesPerPeer > EventIntake.MAX_SOURCES) {
            throw new IllegalArgumentException("--max-sources-per-peer: must be 1.." + EventIntake.MAX_SOURCES + ", not "
                    + maxSourcesPerPeer);
        }
        if (maxTypesPerPeer < 1 || maxTypesPerPeer > EventIntake.MAX_TYPES) {
            throw new IllegalArgumentException("--max-types-per-peer: must be 1.." + EventIntake.MAX_TYPES + ", not "
                    + maxTypesPerPeer);
        }
        return new CollectLimits(connections, Duration.ofSeconds(idleTimeoutSeconds), memory, sourceExpiry(), maxSourcesPerPeer,
                maxTypesPerPeer);
    }

    /** {@code --source-expiry}: a duration of at least a second, or never (zero). */
    private Duration sourceExpiry() {
        if (sourceExpiry.equals("never")) {
            return Duration.ZERO;
        }
        Duration expiry = ProcessorOptions.parseDuration(sourceExpiry);
        if (expiry == null || expiry.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--source-expiry: " + sourceExpiry
                    + " is not a duration of at least a second (e.g. 12h, 7d) nor never");
        }
        return expiry;
    }

    private ZoneId zone() {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--timezone: unknown time zone '" + timezone + "' (e.g. UTC, Europe/Paris)");
        }
    }

    private QueueOptions queueOptions(FsyncPolicy fsyncPolicy) {
        return QueueOptions.of(ByteSize.parse(queueMaxBytes, "--queue-max-bytes"), FullPolicy.parse(queueFull), fsyncPolicy)
                .withMaxEventBytes(agentMaxEventBytes(maxMessageBytes));
    }

    /**
     * The largest event an agent queues: one that fits, with its batch header, in a message of its own
     * {@code --max-message-bytes}. A larger one would be refused by an upstream of the same limit as oversized,
     * again and again, and every event behind it would wait.
     */
    static int agentMaxEventBytes(int maxMessageBytes) {
        return Math.max(1, Math.min(BatchHeader.largestEventIn(maxMessageBytes), QueueOptions.DEFAULT_MAX_EVENT_BYTES));
    }

    /** The topic of {@code --forward=kafka://…}, checked with the flags that do not go with it; null for upstream daemons. */
    private KafkaTarget kafkaTarget() {
        if (!KafkaTarget.isKafka(forward)) {
            return null;
        }
        if (forwardControl != null && !forwardControl.isBlank()) {
            throw new IllegalArgumentException("--forward-control is for upstream daemons, not --forward=kafka://…");
        }
        if (forwardCurveServer != null) {
            throw new IllegalArgumentException("--forward-curve-server is for upstream daemons, not --forward=kafka://…");
        }
        return KafkaTarget.parse(forward, "--forward");
    }

    private ForwardSettings forwardSettings(FsyncPolicy fsyncPolicy, CurveClientKeys curve) {
        KafkaTarget kafka = kafkaTarget();
        if (kafka != null) {
            return new ForwardSettings(queuePath, queueOptions(fsyncPolicy), List.of(), ForwarderOptions.defaults(), kafka);
        }
        List<Upstream> upstreams = Upstream.parseAll(forward, forwardControl);
        return new ForwardSettings(queuePath, queueOptions(fsyncPolicy), upstreams, ForwarderOptions.defaults().withCurve(curve));
    }

    /**
     * The settings as a start would take them now: {@code args} again, with the environment and the
     * configuration file as they are, every check of a start made (names resolved, certificates read).
     */
    private static Map<String, String> reread(String[] args) {
        Ziggyd fresh = new Ziggyd();
        CommandLine line = Configuration.install(new CommandLine(fresh));
        Map<String, String> values = Configuration.parse(line, args);
        fresh.settings();
        return values;
    }

    private static int usageError(String message) {
        System.err.println("ziggyd: " + message);
        return ExitStatus.USAGE;
    }

    /**
     * SIGTERM and SIGINT run shutdown hooks; this one stops the daemon as SHUTDOWN does and then ends
     * the process with status 0 (the JVM would otherwise report 143 or 130 for the signal), or 1 when a
     * part had failed. A stop that outlives the stop timeout ends the process with 1 ({@link StopDeadline}).
     */
    private static final class SignalStop implements Runnable {
        private final Duration stopTimeout;
        private volatile RunningDaemon daemon;
        private volatile boolean exitingNormally;

        SignalStop(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
        }

        void started(RunningDaemon running) {
            daemon = running;
        }

        void exitingNormally() {
            exitingNormally = true;
        }

        @Override
        public void run() {
            if (exitingNormally) {
                return;
            }
            RunningDaemon running = daemon;
            if (running != null) {
                StopDeadline.start(stopTimeout);
                running.stop();
            }
            // Not started yet: whatever the start had opened is crash-safe (queue, journal), so stopping here loses nothing.
            System.err.flush();
            Runtime.getRuntime().halt(running != null && running.failed() ? ExitStatus.RUNTIME_FAILURE : ExitStatus.OK);
        }
    }

    /** Runs picocli with the error reporting of every Ziggy tool; returns the exit code. */
    static int run(String... args) {
        Ziggyd ziggyd = new Ziggyd();
        CommandLine commandLine = ErrorReporting.install(new CommandLine(ziggyd));
        ziggyd.args = args.clone();
        ziggyd.commandLine = commandLine;
        // After the handlers: it wraps the usage-error handler so a bad ZIGGYD_* or file value names its source.
        Configuration.install(commandLine);
        // Around the configuration's strategy, which prints --print-config without running the command:
        // settings the start would refuse are refused there too (names are resolved by the start only).
        IExecutionStrategy configured = commandLine.getExecutionStrategy();
        commandLine.setExecutionStrategy(parseResult -> {
            if (!parseResult.isUsageHelpRequested() && !parseResult.isVersionHelpRequested()) {
                try {
                    ziggyd.checkValues();
                } catch (IllegalArgumentException e) { // BadEndpointException included
                    return usageError(e.getMessage());
                }
            }
            return configured.execute(parseResult);
        });
        return commandLine.execute(args);
    }

    public static void main(String[] args) {
        // Before any class with a logger is initialized, or the JDK's LogManager is already in place.
        System.setProperty("java.util.logging.manager", StopSafeLogManager.class.getName());
        System.exit(run(args));
    }
}
