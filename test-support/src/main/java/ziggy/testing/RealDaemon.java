package ziggy.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The real ziggyd in a child process on ports picked once, so that it can be killed with -9 and started
 * again at the same addresses as an operator's service manager would: a master writing into a log folder,
 * or an agent (or relay) forwarding to one or several upstreams in order ({@link #agent},
 * {@link #agentForwardingHere}). A PUSH socket sends events the way every Ziggy client does (one BSON
 * document a frame, without waiting). It runs either on the test class path by class name
 * ({@link #master}, {@link #agent}; test-support must not depend on the daemon's module) or through a
 * launcher script ({@link #launchedBy}).
 *
 * <p>{@link #master} and {@link #agent} give a daemon not started yet, so that a test can add flags
 * ({@link #with}) or start an agent before its master; the other factories start it.
 *
 * <p>It talks to the daemon with JeroMQ and bson directly (not control-protocol's client, which
 * would make test-support depend on a module whose own tests use it).
 */
public final class RealDaemon implements AutoCloseable {
    public static final String MAIN_CLASS = "ziggy.daemon.Ziggyd";
    private static final String WARM_UP_FLAG = "--warm-up";
    /** How long a greeting to a daemon on this host may take before the socket dials again; CURVE's does more. */
    private static final int GREETING_LIMIT_MILLIS = 250;
    private static final int CURVE_GREETING_LIMIT_MILLIS = 1_000;
    private static final Duration START_LIMIT = Duration.ofSeconds(30);
    /** The longest of {@link #requiredStatus()}'s waits. */
    private static final Duration STATUS_LIMIT = Duration.ofSeconds(2);

    private final int collectPort = FreePort.pick();
    private final int controlPort = FreePort.pick();
    private final Path logPath;
    /** An agent's queue folder; null for a master. */
    private final Path queuePath;
    private final List<String> roleArguments;
    private Function<String[], ChildJvm> starter;
    private final ZContext zmq = new ZContext(1);
    private ZMQ.Socket push;
    /** The keys this test's sockets speak CURVE with ({@link #asCurveClient}); null for NULL. */
    private CurveClient curve;
    /** Null until the first {@link #start()}. */
    private ChildJvm process;

    private RealDaemon(Path logPath, Path queuePath, List<String> roleArguments, Function<String[], ChildJvm> starter) {
        this.logPath = logPath;
        this.queuePath = queuePath;
        this.roleArguments = new ArrayList<>(roleArguments);
        this.starter = starter;
        push = connectedPush();
    }

    /**
     * The keys of a CURVE client: the daemon's public key (the one of its {@code --curve-cert}) and this
     * client's own pair, each 40 characters of Z85.
     */
    public record CurveClient(String serverPublicKey, String publicKey, String secretKey) {
    }

    /**
     * From now on this test's sockets (its PUSH, STATUS and SHUTDOWN) speak CURVE with {@code keys}, as
     * they must to a daemon started with {@code --curve-cert}.
     */
    public RealDaemon asCurveClient(CurveClient keys) {
        curve = keys;
        push.close();
        push = connectedPush();
        return this;
    }

    private ZMQ.Socket connectedPush() {
        ZMQ.Socket socket = socket(SocketType.PUSH);
        socket.setLinger(2000);
        socket.connect("tcp://127.0.0.1:" + collectPort);
        return socket;
    }

    /**
     * A socket of {@code type}, a CURVE client when {@link #asCurveClient} was called. JeroMQ 0.6.0 leaves about
     * one fresh connection in 200 stuck before its greeting, against libzmq peers too, and never dials again on its
     * own; a STATUS asked on such a socket went unanswered three tries running once. Past the handshake limit the
     * socket drops it and dials again, within the half second of STATUS's first wait.
     */
    private ZMQ.Socket socket(SocketType type) {
        ZMQ.Socket socket = zmq.createSocket(type);
        socket.setHandshakeIvl(curve == null ? GREETING_LIMIT_MILLIS : CURVE_GREETING_LIMIT_MILLIS);
        if (curve != null) {
            socket.setCurveServerKey(ZMQ.Curve.z85Decode(curve.serverPublicKey()));
            socket.setCurvePublicKey(ZMQ.Curve.z85Decode(curve.publicKey()));
            socket.setCurveSecretKey(ZMQ.Curve.z85Decode(curve.secretKey()));
        }
        return socket;
    }

    /** ziggyd by class name in a JVM on the test class path, with the heap the launcher gives it. */
    private static ChildJvm onClassPath(String[] args) {
        return ChildJvm.start(MAIN_CLASS, List.of("-Xmx192m"), args);
    }

    /** A master on the test class path writing into {@code logPath}, not started yet. */
    public static RealDaemon master(Path logPath) {
        return new RealDaemon(logPath, null, masterArguments(logPath), RealDaemon::onClassPath);
    }

    /** A master on the test class path writing into {@code logPath}, started. */
    public static RealDaemon onClassPath(Path logPath) {
        return master(logPath).startedOrClosed();
    }

    /**
     * An agent (or relay) on the test class path with its disk queue in {@code queuePath}, forwarding to
     * {@code upstreams} in order (batches to their collect ports, COMMITTED to their control ports); not
     * started yet.
     */
    public static RealDaemon agent(Path queuePath, RealDaemon... upstreams) {
        List<String> forward = new ArrayList<>();
        List<String> control = new ArrayList<>();
        for (RealDaemon upstream : upstreams) {
            forward.add("127.0.0.1:" + upstream.collectPort);
            control.add(upstream.control());
        }
        return new RealDaemon(null, queuePath, agentArguments(queuePath, String.join(",", forward), String.join(",", control)),
                RealDaemon::onClassPath);
    }

    /** An agent on the test class path forwarding to whatever listens at these ports of this host; not started yet. */
    public static RealDaemon agent(Path queuePath, int upstreamCollectPort, int upstreamControlPort) {
        return new RealDaemon(null, queuePath,
                agentArguments(queuePath, "127.0.0.1:" + upstreamCollectPort, "127.0.0.1:" + upstreamControlPort),
                RealDaemon::onClassPath);
    }

    /** An agent on the test class path forwarding to a Kafka topic ({@code --forward=kafka://…}); not started yet. */
    public static RealDaemon kafkaAgent(Path queuePath, String bootstrap, String topic) {
        return new RealDaemon(null, queuePath, new ArrayList<>(List.of("--queue-path=" + queuePath,
                "--forward=kafka://" + bootstrap + "/" + topic)), RealDaemon::onClassPath);
    }

    /** A master on the test class path consuming a Kafka topic as one of {@code group} ({@code --collect-kafka}); not started yet. */
    public static RealDaemon kafkaMaster(Path logPath, String bootstrap, String topic, String group) {
        return master(logPath).with("--collect-kafka=kafka://" + bootstrap + "/" + topic, "--kafka-group=" + group);
    }

    /** ziggyd through {@code launcher} (packaging/bin/ziggyd), with {@code environment} added to this process's. */
    public static RealDaemon launchedBy(Path launcher, Map<String, String> environment, Path logPath) {
        return launchedBy(launcher, environment, logPath, List.of(), 0);
    }

    /**
     * As {@link #launchedBy(Path, Map, Path)}, with {@code moreArguments} after the master's own (such as
     * {@code --http=…}), under a descriptor limit of {@code descriptorLimit} ({@code ulimit -n}; 0 keeps
     * this process's), for attacks that are about descriptors.
     */
    public static RealDaemon launchedBy(Path launcher, Map<String, String> environment, Path logPath,
                                        List<String> moreArguments, int descriptorLimit) {
        List<String> arguments = new ArrayList<>(masterArguments(logPath));
        arguments.addAll(moreArguments);
        return new RealDaemon(logPath, null, arguments, args -> descriptorLimit > 0
                ? ChildJvm.launchWithDescriptorLimit(launcher, environment, descriptorLimit, args)
                : ChildJvm.launch(launcher, environment, args)).startedOrClosed();
    }

    /**
     * An agent started the way this daemon was (the same launcher or class path) on free ports of its
     * own, forwarding to this one: batches to its collect port, COMMITTED to its control port. It keeps
     * its disk queue in {@code queuePath}; its {@link #logPath()} is null.
     */
    public RealDaemon agentForwardingHere(Path queuePath) {
        return new RealDaemon(null, queuePath, agentArguments(queuePath, "127.0.0.1:" + collectPort, control()), starter)
                .startedOrClosed();
    }

    private static List<String> masterArguments(Path logPath) {
        return List.of("--log-path=" + logPath);
    }

    private static List<String> agentArguments(Path queuePath, String forward, String forwardControl) {
        return List.of("--queue-path=" + queuePath, "--forward=" + forward, "--forward-control=" + forwardControl);
    }

    /**
     * Runs this daemon through {@code launcher} (packaging/bin/ziggyd) with {@code environment} added to
     * this process's, instead of on the test class path, from the next {@link #start()} on.
     */
    public RealDaemon through(Path launcher, Map<String, String> environment) {
        starter = args -> ChildJvm.launch(launcher, environment, args);
        return this;
    }

    /**
     * From the next {@link #start()} on, on the test class path with stdout a pipe apart ({@link #stdout()}), for
     * {@code --stdout}; {@link #output()} is then stderr alone.
     */
    public RealDaemon withStdoutPiped() {
        starter = args -> ChildJvm.startWithStdoutPiped(MAIN_CLASS, List.of("-Xmx192m"), args);
        return this;
    }

    /** The daemon's stdout, after {@link #withStdoutPiped()}: read it, or leave it unread to fill the pipe. */
    public java.io.InputStream stdout() {
        return process.stdout();
    }

    /** More flags (such as {@code --queue-full=drop-oldest}) for this and every later {@link #start()}. */
    public RealDaemon with(String... flags) {
        roleArguments.addAll(List.of(flags));
        return this;
    }

    private RealDaemon startedOrClosed() {
        try {
            return start();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The collect port, where clients PUSH events. */
    public int collectPort() {
        return collectPort;
    }

    /** The daemon's process id (the JVM's: the launchers exec it). */
    public long pid() {
        return process.process().pid();
    }

    /** The daemon's resident memory now, from /proc: what an operator's monitor reads as RSS. */
    public long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new AssertionError("no VmRSS in /proc/" + pid() + "/status");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The control port as {@code -H} takes it. */
    public String control() {
        return "127.0.0.1:" + controlPort;
    }

    /**
     * The file the daemon writes its admin token to at each start, where ziggyd puts it by default: a
     * master's {@code <log-path>/.ziggyd/admin-token}, an agent's {@code <queue-path>/admin-token}. Give it
     * to {@code ziggyctl --admin-token-file} for {@code shutdown}.
     */
    public Path adminTokenFile() {
        return logPath != null ? logPath.resolve(".ziggyd").resolve("admin-token") : queuePath.resolve("admin-token");
    }

    /** The admin token of the running daemon: what an admin command carries as {@code token}. */
    public String adminToken() {
        try {
            return java.nio.file.Files.readString(adminTokenFile()).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Sends SHUTDOWN with the admin token and returns the reply ({@code {ok: true}}), or null when none came
     * within five seconds.
     */
    public BsonDocument shutdown() {
        return adminCommand("SHUTDOWN");
    }

    /** Sends RELOAD with the admin token and returns the reply, or null when none came within five seconds. */
    public BsonDocument reload() {
        return adminCommand("RELOAD");
    }

    private BsonDocument adminCommand(String command) {
        try (ZMQ.Socket request = socket(SocketType.REQ)) {
            request.setLinger(0);
            request.setReceiveTimeOut(5000);
            request.setHandshakeIvl(1000); // JeroMQ 0.6.0 may stall in a fresh handshake: give up and redial
            request.connect("tcp://" + control());
            request.send(TestEvents.bytes(new BsonDocument("cmd", new BsonString(command))
                    .append("token", new BsonString(adminToken()))));
            byte[] reply = request.recv(0);
            return reply == null ? null : new RawBsonDocument(reply);
        }
    }

    /** The master's log folder; null for an agent. */
    public Path logPath() {
        return logPath;
    }

    /**
     * Starts the daemon (the first time, or again after {@link #kill9()}) on the same ports, and waits
     * until it answers STATUS.
     */
    public RealDaemon start() {
        List<String> args = new ArrayList<>(List.of("--collect=127.0.0.1:" + collectPort, "--control=127.0.0.1:" + controlPort));
        args.addAll(roleArguments);
        // Each warm-up costs about two CPU seconds, and hundreds of tests start a daemon: only the tests of the
        // warm-up itself, and the benchmarks (daemons as shipped), have one.
        if (roleArguments.stream().noneMatch(flag -> flag.startsWith(WARM_UP_FLAG))) {
            args.add(WARM_UP_FLAG + "=0");
        }
        process = starter.apply(args.toArray(String[]::new));
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (status() == null) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String failure = "ziggyd " + roleArguments + " did not answer STATUS on " + control() + " within "
                        + START_LIMIT + (process.isAlive() ? "" : " (it exited)") + "; output:\n" + process.output();
                process.close();
                throw new AssertionError(failure);
            }
        }
        return this;
    }

    /**
     * The STATUS reply, or null when none came within half a second. A fresh REQ socket each time:
     * one that never got a reply cannot send again, and a fresh one also redials a stalled handshake.
     */
    public BsonDocument status() {
        return status(Duration.ofMillis(500));
    }

    /**
     * The STATUS reply, asked up to three times on fresh sockets with waits of 0.5, 1 and 2 seconds (a
     * daemon draining a backlog on a busy machine is slow to answer, and a fresh socket redials a stalled
     * handshake); an AssertionError when none comes.
     */
    public BsonDocument requiredStatus() {
        for (Duration wait = Duration.ofMillis(500); wait.compareTo(STATUS_LIMIT) <= 0; wait = wait.multipliedBy(2)) {
            BsonDocument status = status(wait);
            if (status != null) {
                return status;
            }
        }
        throw new AssertionError("ziggyd on " + control() + " did not answer STATUS in three tries of up to " + STATUS_LIMIT);
    }

    private BsonDocument status(Duration timeout) {
        try (ZMQ.Socket request = socket(SocketType.REQ)) {
            request.setLinger(0);
            request.setReceiveTimeOut((int) timeout.toMillis());
            request.connect("tcp://" + control());
            request.send(TestEvents.bytes(new BsonDocument("cmd", new BsonString("STATUS"))));
            byte[] reply = request.recv(0);
            return reply == null ? null : new RawBsonDocument(reply);
        }
    }

    /** Events taken in since this process started (STATUS {@code total.events}). */
    public long totalEvents() {
        return requiredStatus().getDocument("total").getNumber("events").longValue();
    }

    /** An agent's queue figure from STATUS, such as {@code acknowledged_seq}, {@code next_seq} or {@code dropped}. */
    public long queue(String key) {
        return requiredStatus().getDocument("queue").getNumber(key).longValue();
    }

    /** Sends without waiting, as Ziggy clients do: while the daemon is down an event may be dropped. */
    public void send(byte[] event) {
        push.send(event, ZMQ.DONTWAIT);
    }

    public void kill9() {
        process.kill9();
    }

    /** SIGHUP: the daemon re-reads its configuration. */
    public void hangUp() {
        process.hangUp();
    }

    /** SIGTERM, then the exit status. */
    public int terminate() {
        return process.terminate(Duration.ofSeconds(15));
    }

    public int awaitExit() {
        return process.awaitExit(Duration.ofSeconds(15));
    }

    /** What the daemon printed (stdout and stderr together; stderr alone after {@link #withStdoutPiped()}). */
    public String output() {
        return process == null ? "" : process.output();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        zmq.close();
    }

    /** A document's BSON bytes, as a client sends them (the same as {@link TestEvents#bytes}). */
    public static byte[] bytes(BsonDocument document) {
        return TestEvents.bytes(document);
    }
}
