package ziggy.daemon;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.common.KafkaException;
import org.bson.BsonArray;
import org.zeromq.ZContext;
import org.zeromq.ZMQException;

import zmq.ZError;
import ziggy.daemon.collect.ConsumedPartitions;
import ziggy.daemon.collect.ConsumedRecord;
import ziggy.daemon.collect.EventHandOff;
import ziggy.daemon.collect.EventIntake;
import ziggy.daemon.control.ControlServer;
import ziggy.daemon.control.DaemonCommands;
import ziggy.daemon.control.StatusReport;
import ziggy.daemon.http.DaemonHealth;
import ziggy.daemon.http.DaemonPages;
import ziggy.daemon.http.HttpServer;
import ziggy.daemon.http.LogFolderHealth;
import ziggy.daemon.http.PartHealth;
import ziggy.daemon.kafka.KafkaCollector;
import ziggy.daemon.reload.LiveSetting;
import ziggy.daemon.reload.Reconfiguration;
import ziggy.daemon.pylog.PythonLoggingCounters;
import ziggy.daemon.pylog.PythonLoggingIntake;
import ziggy.daemon.security.AdminGate;
import ziggy.daemon.security.ExposureWarnings;
import ziggy.daemon.security.SecurityCounters;
import ziggy.daemon.security.SecuritySettings;
import ziggy.daemon.security.SecurityStatus;
import ziggy.daemon.security.ZapAuthenticator;
import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stdout.StdoutFormat;
import ziggy.daemon.stdout.StdoutSink;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.daemon.watch.Part;
import ziggy.daemon.watch.PartWatch;
import ziggy.processor.ProcessorContext;
import ziggy.processors.ProcessorChain;
import ziggy.protocol.ZiggyVersion;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.layout.EventDay;
import ziggy.protocol.security.AdminToken;
import ziggy.zmtp.ZmtpPullServer;

/**
 * A running daemon, master or agent, and the one place that builds its parts: the stream publisher,
 * the store of its role ({@link DaemonStorage}: day files, a queue and its forwarder, or both) and the event
 * intake that feeds both, the collect endpoint that drives the intake on its own I/O thread, and the
 * control server. A start-up failure closes what was built. The stop runs in the order that loses
 * nothing: the collect thread first (it takes what is already queued, then writes and closes the
 * store), then the forwarder and queue, the stream, and the control port (after SHUTDOWN's reply),
 * and HTTP last, so that {@code /healthcheck} says why until the end.
 *
 * <p>Every part's thread is watched ({@link PartWatch}): one that dies fails the daemon, which then
 * stops as after SHUTDOWN and reports the failure ({@link #failed()}; ziggyd exits with status 1).
 */
public final class RunningDaemon {
    private static final Logger LOG = System.getLogger(RunningDaemon.class.getName());
    private static final Duration COLLECT_STOP_WAIT = Duration.ofSeconds(30);
    /** How long a reload waits for the collect thread to take a new processor chain up. */
    private static final Duration CHAIN_SWAP_WAIT = Duration.ofSeconds(5);
    /** STATUS: the body of the latest ziggy.summary event of each summarized type (the dashboard shows them). */
    static final String SUMMARIES_KEY = "summaries";
    /** STATUS: each processor's counters, in chain order. */
    static final String PROCESSORS_KEY = "processors";
    /** STATUS: ziggyd's own log levels in effect. */
    static final String LOGGING_KEY = "logging";
    /**
     * After a failure, how long HTTP stays up at least, from the failure on, so that a monitor polling
     * every second or two reads the 503 and its reason rather than only a refused connection.
     */
    private static final Duration FAILURE_REPORT_HOLD = Duration.ofSeconds(3);

    private final ZContext context;
    private final ZmtpPullServer collect;
    private final DaemonStorage<?> storage;
    private final Thread collectThread;
    private final StreamPublisher stream;
    /** {@code --stdout}: on, off, or switched while running ({@link #stdout()}). */
    private final StdoutSink stdout;
    private final ControlServer control;
    /** The ZAP handler of the control and stream ports; null without CURVE. */
    private final ZapAuthenticator authenticator;
    private final Path adminTokenFile;
    private final CountDownLatch stopRequested;
    private final PartWatch parts;
    /** The operators' HTTP server ({@code --http}), or null. */
    private volatile HttpServer http;
    /** The {@code --collect-kafka} consumer, or null. */
    private KafkaCollector kafka;
    /** The {@code --python-logging} port, or null; replaced by {@link #movePythonLogging}. */
    private PythonLoggingIntake pythonLogging;
    /** Binds a Python logging port at an endpoint, into this daemon's collect path; null without the flag. */
    private Function<Endpoint, PythonLoggingIntake> pythonLoggingBinder;
    /** The health report of {@code --http}, or null; it answers as the logging aggregator while a Python port is open. */
    private DaemonHealth health;
    private boolean stopped;

    private RunningDaemon(ZContext context, ZmtpPullServer collect, EventIntake<?> intake, DaemonStorage<?> storage,
                         StreamPublisher stream, StdoutSink stdout, ControlServer control, ZapAuthenticator authenticator,
                         Path adminTokenFile, CountDownLatch stopRequested, PartWatch parts) {
        this.context = context;
        this.authenticator = authenticator;
        this.adminTokenFile = adminTokenFile;
        this.parts = parts;
        this.collect = collect;
        this.storage = storage;
        this.stream = stream;
        this.stdout = stdout;
        this.control = control;
        this.stopRequested = stopRequested;
        this.collectThread = parts.threads(Part.COLLECT).newThread(() -> {
            try {
                collect.run();
            } finally {
                intake.close();
            }
        });
        collectThread.setName("ziggy-collect-" + collect.localPort());
    }

    /** Binds every socket and starts every thread, or fails having left nothing open. */
    public static RunningDaemon start(DaemonSettings settings) throws StartupException {
        return start(settings, null);
    }

    /** As {@link #start(DaemonSettings)}, also answering HTTP (health, metrics, status) at {@code httpAt} unless null. */
    public static RunningDaemon start(DaemonSettings settings, Endpoint httpAt) throws StartupException {
        return start(settings, httpAt, new PartWatch());
    }

    /** As {@link #start(DaemonSettings, Endpoint, PartWatch, Reconfiguration)}, with nothing to re-read. */
    public static RunningDaemon start(DaemonSettings settings, Endpoint httpAt, PartWatch parts) throws StartupException {
        return start(settings, httpAt, parts, Reconfiguration.none());
    }

    /**
     * As {@link #start(DaemonSettings, Endpoint)}, reporting every part's failure to {@code parts}, which
     * ziggyd also makes the process's default handler of uncaught exceptions before it starts anything;
     * RELOAD, SIGHUP and LOG_LEVEL go to {@code reconfiguration}, with which the parts that can change live
     * register here.
     */
    public static RunningDaemon start(DaemonSettings settings, Endpoint httpAt, PartWatch parts,
                                      Reconfiguration reconfiguration) throws StartupException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        parts.whenFailed(stopRequested::countDown);
        ZContext context = new ZContext(1);
        parts.watch(context);
        SecuritySettings security = settings.security();
        SecurityCounters refusals = new SecurityCounters();
        ZmtpPullServer collect = null;
        PythonLoggingIntake pythonLogging = null;
        KafkaCollector kafka = null;
        DaemonStorage<?> storage = null;
        ZapAuthenticator authenticator = null;
        // Off until switched on below, just before the collect thread starts; its writer thread is made then.
        StdoutSink stdout = new StdoutSink(new FileOutputStream(FileDescriptor.out), StdoutSink.DEFAULT_RING_BYTES,
                parts.threads(Part.STDOUT));
        try {
            // Before the first CURVE socket: without a ZAP handler bound, JeroMQ serves every CURVE client.
            if (security.curve()) {
                authenticator = new ZapAuthenticator(context, security.clients(), refusals, parts.threads(Part.AUTHENTICATOR));
            }
            IntakeStats stats = new IntakeStats();
            StreamPublisher stream = bind("the stream port on host " + settings.control().host(),
                    () -> new StreamPublisher(context, settings.control().zmqHost(), DaemonSettings.STREAM_RING_BYTES, stats,
                            parts.threads(Part.STREAM), socket -> security.applyTo(socket, SecurityCounters.STREAM)));
            storage = storageOf(settings, stats);
            Path tokenFile = security.adminTokenFile(storage.stateFolder);
            AdminToken token = createToken(tokenFile);
            EventIntake<?> intake = storage.intake(new EventDay(settings.zone()), stream, stdout, stats,
                    settings.collectLimits().maxTypesPerPeer());
            collect = bindCollect(settings, intake);
            ZmtpPullServer collectServer = collect;
            intake.handOff().wakeUpWith(collect::wakeup);
            if (settings.kafka() != null) {
                ConsumedPartitions partitions = new ConsumedPartitions();
                EventHandOff<ConsumedRecord> records = intake.consumedRecords(partitions);
                records.wakeUpWith(collect::wakeup);
                kafka = kafkaCollector(settings, records, partitions, storage);
            }
            KafkaCollector kafkaCollector = kafka;
            ProcessorContext processorContext = ProcessorSettings.contextFor(settings.zone());
            intake.useChain(settings.processors().build(processorContext, intake.chainSink()));
            // Made on every daemon, so that a reload can open the port on one started without it.
            PythonLoggingCounters pythonLoggingCounters = new PythonLoggingCounters();
            String hostname = DaemonHealth.localHostname();
            Function<Endpoint, PythonLoggingIntake> pythonLoggingBinder = at -> PythonLoggingIntake.bind(context, at,
                            socket -> security.applyTo(socket, SecurityCounters.PYTHON_LOGGING), intake.handOff(),
                            pythonLoggingCounters, hostname);
            if (settings.pythonLogging() != null) {
                pythonLogging = bind("--python-logging " + settings.pythonLogging(),
                        () -> pythonLoggingBinder.apply(settings.pythonLogging()));
            }
            // What an operator hears at start and in /healthcheck (STATUS has them under security).
            List<String> warnings = ExposureWarnings.of(settings.control(), security);
            SecurityStatus securityStatus = new SecurityStatus(security, refusals, collect.counters(), warnings);
            StatusReport status = new StatusReport(stats, settings.collect().toString(), collect.localPort(),
                    settings.collectLimits().maxConnections(), collect.counters(), stream.port(), stream::subscriptionCount,
                    storage.role, parts, report -> {
                        securityStatus.appendTo(report);
                        stdout.appendTo(report);
                        pythonLoggingCounters.appendTo(report);
                        report.append(PROCESSORS_KEY, processorsStatus(intake));
                        report.append(SUMMARIES_KEY, intake.latestSummaries().document());
                        report.append(LOGGING_KEY, reconfiguration.loggingStatus());
                        if (kafkaCollector != null) {
                            kafkaCollector.status().appendTo(report);
                        }
                    });
            storage.registerLiveSettings(reconfiguration);
            reconfiguration.register(new LiveSetting(List.of("processors"),
                    values -> settings.processors().with(processorTexts(values)).check(processorContext),
                    values -> swapChain(intake, collectServer, settings.processors().with(processorTexts(values))
                            .build(processorContext, intake.chainSink()))));
            reconfiguration.register(new LiveSetting(List.of("stdout"), values -> StdoutFormat.ofSetting(values.get("stdout")),
                    values -> stdout.switchTo(StdoutFormat.ofSetting(values.get("stdout")))));
            DaemonCommands commands = new DaemonCommands(status, stream.port(), collect.localPort(), settings.maxMessageBytes(),
                    storage.marks, stopRequested::countDown, reconfiguration);
            AdminGate gate = new AdminGate(commands, token, security.admins(), refusals);
            ControlServer control = bind("--control " + settings.control(),
                    () -> new ControlServer(context, settings.control(), gate, parts.threads(Part.CONTROL),
                            socket -> security.applyTo(socket, SecurityCounters.CONTROL)));
            RunningDaemon daemon = new RunningDaemon(context, collect, intake, storage, stream, stdout, control, authenticator,
                    tokenFile, stopRequested, parts);
            daemon.pythonLogging = pythonLogging;
            daemon.kafka = kafka;
            daemon.pythonLoggingBinder = pythonLoggingBinder;
            reconfiguration.register(new LiveSetting(List.of("python-logging"), values -> pythonLoggingAt(values),
                    values -> daemon.movePythonLogging(pythonLoggingAt(values))));
            if (httpAt != null) {
                DaemonHealth health = new DaemonHealth(hostname, status::build).add(new PartHealth(parts))
                        .warn(warnings);
                daemon.health = health;
                if (pythonLogging != null) {
                    health.answerAs(DaemonHealth.LOGGING_AGGREGATOR);
                }
                if (storage.logPath != null) {
                    health.add(new LogFolderHealth(storage.logPath, storage.writes));
                }
                if (kafka != null) {
                    health.add(kafka::problem);
                }
                daemon.http = startHttp(httpAt, new DaemonPages(status::build, health, storage.writes));
                daemon.http.whenStopped(() -> {
                    if (!parts.isStopping()) {
                        parts.failed(Part.HTTP, new IllegalStateException("its event loop ended (Netty logged why)"));
                    }
                });
            }
            if (authenticator != null) {
                authenticator.start();
            }
            stdout.switchTo(settings.stdout());
            daemon.collectThread.start();
            if (kafka != null) {
                kafka.start(parts.threads(Part.KAFKA_CONSUMER));
            }
            if (pythonLogging != null) {
                pythonLogging.start(parts.threads(Part.PYTHON_LOGGING));
            }
            storage.start(parts.handler(Part.FORWARDER));
            stream.start();
            control.start();
            parts.partsStarted(context);
            LOG.log(Level.INFO, "ziggyd " + ZiggyVersion.version() + " collecting on " + settings.collect()
                    + " (port " + collect.localPort() + ") into " + storage.destination + ", days in " + settings.zone()
                    + "; control " + settings.control() + ", stream port " + stream.port()
                    + (kafka == null ? "" : "; consuming " + settings.kafka())
                    + (pythonLogging == null ? "" : "; Python logging records on " + settings.pythonLogging()
                            + " (port " + pythonLogging.port() + ")") + "; " + security.describe()
                    + "; admin token in " + tokenFile);
            for (String warning : warnings) {
                LOG.log(Level.WARNING, warning);
            }
            return daemon;
        } catch (StartupException | RuntimeException e) {
            if (pythonLogging != null) {
                pythonLogging.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            stdout.close();
            if (collect != null) {
                collect.close();
            }
            if (storage != null) {
                storage.close();
                storage.discardCreatedFolder();
            }
            if (authenticator != null) {
                authenticator.close();
            }
            context.close();
            throw e;
        }
    }

    /**
     * The {@code --collect-kafka} consumer, feeding the collect thread through {@code records}; the offsets it
     * resumes from are the storage's source marks, journaled with the day files.
     */
    private static KafkaCollector kafkaCollector(DaemonSettings settings, EventHandOff<ConsumedRecord> records,
                                                 ConsumedPartitions partitions, DaemonStorage<?> storage) throws StartupException {
        try {
            return new KafkaCollector(settings.kafka(), records, partitions, storage.marks::committed, settings.maxMessageBytes());
        } catch (KafkaException e) {
            throw new StartupException("--collect-kafka " + settings.kafka().target() + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
    }

    /** A new admin token in {@code file}, mode 0600, at every start. */
    private static AdminToken createToken(Path file) throws StartupException {
        try {
            return AdminToken.createIn(file);
        } catch (FileAlreadyExistsException e) {
            throw new StartupException("--admin-token-file " + file + ": cannot write the admin token: " + e.getFile()
                    + " is in the way (a file where a folder must be)");
        } catch (AccessDeniedException e) {
            throw new StartupException("--admin-token-file " + file + ": cannot write the admin token: " + e.getFile()
                    + ": permission denied");
        } catch (IOException | RuntimeException e) {
            throw new StartupException("--admin-token-file " + file + ": cannot write the admin token: " + e.getMessage());
        }
    }

    /** The store of the daemon's role: day files (--log-path), a forwarded queue (--forward), or both. */
    private static DaemonStorage<?> storageOf(DaemonSettings settings, IntakeStats stats) throws StartupException {
        if (settings.forward() == null) {
            return DaemonStorage.master(settings, stats);
        }
        return settings.logPath() == null ? DaemonStorage.agent(settings, stats)
                : DaemonStorage.filesAndForward(settings, stats);
    }

    /** The collect endpoint: our ZMTP 3 PULL server, which hands each message to the intake without a copy. */
    private static ZmtpPullServer bindCollect(DaemonSettings settings, EventIntake<?> intake) throws StartupException {
        try {
            return ZmtpPullServer.bind(settings.collect().socketAddress(),
                    settings.collectLimits().endpointOptions(settings.maxMessageBytes())
                            .withCurve(settings.security().collectKeys()), intake);
        } catch (BindException e) {
            throw new StartupException("--collect " + settings.collect() + ": address already in use or not of this host ("
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw new StartupException("--collect " + settings.collect() + ": cannot listen: " + e.getMessage());
        }
    }

    private static HttpServer startHttp(Endpoint at, DaemonPages pages) throws StartupException {
        try {
            return HttpServer.start(at.socketAddress(), pages, HttpServer.Limits.DEFAULTS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("--http " + at + ": interrupted while binding");
        } catch (Exception e) { // Netty rethrows the bind's checked exception undeclared
            throw new StartupException("--http " + at + ": " + (e instanceof BindException
                    ? "address already in use or not of this host" : "cannot listen") + " (" + e.getMessage() + ")");
        }
    }

    /** The Python logging port, or -1 without {@code --python-logging}. */
    public synchronized int pythonLoggingPort() {
        return pythonLogging == null ? -1 : pythonLogging.port();
    }

    private static BsonArray processorsStatus(EventIntake<?> intake) {
        BsonArray stages = new BsonArray();
        intake.processorStats().forEach(stage -> stages.add(stage.toDocument()));
        return stages;
    }

    /** A reload's new chain, in use for every event received once this returns (or logged when that is late). */
    private static void swapChain(EventIntake<?> intake, ZmtpPullServer collect, ProcessorChain chain) {
        if (!intake.swapChain(chain, collect::wakeup, CHAIN_SWAP_WAIT)) {
            LOG.log(Level.WARNING, "the collect thread took the new processors up only after " + CHAIN_SWAP_WAIT.toMillis() + " ms");
        }
    }

    /** A {@code processors} setting as the flag's texts, one processor each. */
    private static List<String> processorTexts(Map<String, String> values) {
        String text = values.get("processors");
        return text == null || text.isBlank() ? List.of() : List.of(text.split(";"));
    }

    /** A {@code python-logging} setting's endpoint; null when it is empty (no port). */
    private static Endpoint pythonLoggingAt(Map<String, String> values) {
        String at = values.get("python-logging");
        return at == null || at.isBlank() ? null : Endpoint.parse(at, "--python-logging");
    }

    /**
     * Moves the Python logging port to {@code at}, or closes it when {@code at} is null (a reload): the
     * current socket is closed, its thread stopped after the record in hand, then a new one bound and
     * started; the counts go on, and {@code /healthcheck} answers as the logging aggregator while a port is
     * open. A failed bind leaves the port closed and says why.
     */
    public synchronized void movePythonLogging(Endpoint at) {
        if (stopped) {
            throw new IllegalStateException("the daemon is stopping");
        }
        closePythonLogging();
        if (at != null) {
            try {
                pythonLogging = bind("--python-logging " + at, () -> pythonLoggingBinder.apply(at));
            } catch (StartupException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            pythonLogging.start(parts.threads(Part.PYTHON_LOGGING));
            LOG.log(Level.INFO, "taking Python logging records on " + at + " (port " + pythonLogging.port() + ")");
        } else {
            LOG.log(Level.INFO, "the Python logging port is closed");
        }
        if (health != null) {
            health.answerAs(pythonLogging != null ? DaemonHealth.LOGGING_AGGREGATOR : DaemonHealth.SERVICE);
        }
    }

    private synchronized void closePythonLogging() {
        if (pythonLogging != null) {
            pythonLogging.close();
            pythonLogging = null;
        }
    }

    /** The HTTP server's port, or -1 without {@code --http}. */
    public int httpPort() {
        HttpServer server = http;
        return server == null ? -1 : server.port();
    }

    /** Runs a constructor that binds a socket, turning an address in use into a one-line start-up failure. */
    private static <T> T bind(String what, Supplier<T> binding) throws StartupException {
        try {
            return binding.get();
        } catch (ZMQException e) {
            if (e.getErrorCode() == ZError.EADDRINUSE) {
                throw new StartupException(what + ": address already in use");
            }
            throw new StartupException(what + ": cannot listen: " + e.getMessage());
        }
    }

    public int collectPort() {
        return collect.localPort();
    }

    /** The control port bound: {@code --control}'s, or the one the system chose for port 0. */
    public int controlPort() {
        return control.port();
    }

    public int streamPort() {
        return stream.port();
    }

    /** {@code --stdout}'s sink: a reload switches its format, or turns it on or off, with {@link StdoutSink#switchTo}. */
    public StdoutSink stdout() {
        return stdout;
    }

    /** The file this start wrote its admin token to. */
    public Path adminTokenFile() {
        return adminTokenFile;
    }

    /** Asks for a stop from any thread; returns at once. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** Whether a part failed: the daemon then stops, and ziggyd exits with status 1. */
    public boolean failed() {
        return parts.anyFailed();
    }

    /** Waits until SHUTDOWN, a signal or a failed part asks the daemon to stop. */
    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    /** Stops every part, in order, once; other callers wait until it is done. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        parts.stopping();
        requestStop();
        LOG.log(Level.INFO, "stopping: taking what is queued, writing and closing the day files or the queue");
        closePythonLogging(); // before the collect thread, which takes what it handed off
        if (kafka != null) {
            kafka.close(); // before the collect thread too: the consumer waits for it to write what it read, then commits
        }
        collect.stop();
        try {
            collectThread.join(COLLECT_STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (collectThread.isAlive()) {
            LOG.log(Level.ERROR, "the collect thread did not finish within " + COLLECT_STOP_WAIT + "; files may miss events");
        }
        storage.close();
        // After the collect thread's last event: what it handed to stdout is written, for a moment at most.
        stdout.close();
        stream.close();
        control.close();
        // After every CURVE socket: closed before them, JeroMQ would serve their new clients unchecked.
        if (authenticator != null) {
            authenticator.close();
        }
        context.close();
        if (http != null) {
            holdForFailureReport();
            http.close();
        }
        LOG.log(Level.INFO, parts.anyFailed() ? "stopped after a failure" : "stopped");
    }

    private void holdForFailureReport() {
        if (!parts.anyFailed()) {
            return;
        }
        long remaining = FAILURE_REPORT_HOLD.toNanos() - (System.nanoTime() - parts.firstFailureNanos());
        if (remaining > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@link #stop()} has completed or begun. */
    public synchronized boolean isStopped() {
        return stopped;
    }

    /** For tests and tools: waits at most {@code timeout} for a stop request. */
    public boolean awaitStopRequest(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
