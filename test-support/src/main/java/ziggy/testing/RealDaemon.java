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
 * The real ziggyd in a child process, a master on free ports writing into a log folder (or an agent
 * forwarding to such a master, {@link #agentForwardingHere}), with a PUSH socket that sends events
 * the way every Ziggy client does (one BSON document a frame, without waiting). It runs either on
 * the test class path by class name ({@link #onClassPath}; test-support must not depend on the
 * daemon's module) or through a launcher script ({@link #launchedBy}).
 *
 * <p>It talks to the daemon with JeroMQ and bson directly (not control-protocol's client, which
 * would make test-support depend on a module whose own tests use it).
 */
public final class RealDaemon implements AutoCloseable {
    public static final String MAIN_CLASS = "ziggy.daemon.Ziggyd";
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final int collectPort = FreePort.pick();
    private final int controlPort = FreePort.pick();
    private final Path logPath;
    /** An agent's queue folder; null for a master. */
    private final Path queuePath;
    private final List<String> roleArguments;
    private final Function<String[], ChildJvm> starter;
    private final ZContext zmq = new ZContext(1);
    private final ZMQ.Socket push;
    private ChildJvm process;

    private RealDaemon(Path logPath, List<String> roleArguments, Function<String[], ChildJvm> starter) {
        this(logPath, null, roleArguments, starter);
    }

    private RealDaemon(Path logPath, Path queuePath, List<String> roleArguments, Function<String[], ChildJvm> starter) {
        this.logPath = logPath;
        this.queuePath = queuePath;
        this.roleArguments = roleArguments;
        this.starter = starter;
        try {
            start();
        } catch (RuntimeException | Error e) {
            zmq.close();
            throw e;
        }
        push = zmq.createSocket(SocketType.PUSH);
        push.setLinger(2000);
        push.setHandshakeIvl(1000); // JeroMQ 0.6.0 may stall in a fresh handshake: give up and redial
        push.connect("tcp://127.0.0.1:" + collectPort);
    }

    /** ziggyd by class name in a JVM on the test class path (a small heap, as the launcher gives it). */
    public static RealDaemon onClassPath(Path logPath) {
        return new RealDaemon(logPath, master(logPath), args -> ChildJvm.start(MAIN_CLASS, List.of("-Xmx128m"), args));
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
        List<String> arguments = new ArrayList<>(master(logPath));
        arguments.addAll(moreArguments);
        return new RealDaemon(logPath, arguments, args -> descriptorLimit > 0
                ? ChildJvm.launchWithDescriptorLimit(launcher, environment, descriptorLimit, args)
                : ChildJvm.launch(launcher, environment, args));
    }

    /**
     * An agent started the way this daemon was (the same launcher or class path) on free ports of its
     * own, forwarding to this one: batches to its collect port, COMMITTED to its control port. It keeps
     * its disk queue in {@code queuePath}; its {@link #logPath()} is null.
     */
    public RealDaemon agentForwardingHere(Path queuePath) {
        return new RealDaemon(null, queuePath, List.of("--queue-path=" + queuePath, "--forward=127.0.0.1:" + collectPort,
                "--forward-control=" + control()), starter);
    }

    private static List<String> master(Path logPath) {
        return List.of("--log-path=" + logPath);
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
        try (ZMQ.Socket request = zmq.createSocket(SocketType.REQ)) {
            request.setLinger(0);
            request.setReceiveTimeOut(5000);
            request.connect("tcp://" + control());
            request.send(TestEvents.bytes(new BsonDocument("cmd", new BsonString("SHUTDOWN"))
                    .append("token", new BsonString(adminToken()))));
            byte[] reply = request.recv(0);
            return reply == null ? null : new RawBsonDocument(reply);
        }
    }

    /** The master's log folder; null for an agent. */
    public Path logPath() {
        return logPath;
    }

    /** Starts the daemon (again, after {@link #kill9()}) on the same ports, and waits until it answers STATUS. */
    public void start() {
        List<String> args = new ArrayList<>(List.of("--collect=127.0.0.1:" + collectPort, "--control=127.0.0.1:" + controlPort));
        args.addAll(roleArguments);
        process = starter.apply(args.toArray(String[]::new));
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (status() == null) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String failure = "ziggyd did not answer STATUS on " + control() + " within " + START_LIMIT
                        + (process.isAlive() ? "" : " (it exited)") + "; output:\n" + process.output();
                process.close();
                throw new AssertionError(failure);
            }
        }
    }

    /**
     * The STATUS reply, or null when none came within half a second. A fresh REQ socket each time:
     * one that never got a reply cannot send again, and a fresh one also redials a stalled handshake.
     */
    public BsonDocument status() {
        try (ZMQ.Socket request = zmq.createSocket(SocketType.REQ)) {
            request.setLinger(0);
            request.setReceiveTimeOut(500);
            request.connect("tcp://" + control());
            request.send(TestEvents.bytes(new BsonDocument("cmd", new BsonString("STATUS"))));
            byte[] reply = request.recv(0);
            return reply == null ? null : new RawBsonDocument(reply);
        }
    }

    /** Sends without waiting, as Ziggy clients do: while the daemon is down an event may be dropped. */
    public void send(byte[] event) {
        push.send(event, ZMQ.DONTWAIT);
    }

    public void kill9() {
        process.kill9();
    }

    /** SIGTERM, then the exit status. */
    public int terminate() {
        return process.terminate(Duration.ofSeconds(15));
    }

    public int awaitExit() {
        return process.awaitExit(Duration.ofSeconds(15));
    }

    /** What the daemon printed (stdout and stderr together). */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
        zmq.close();
    }

    /** A document's BSON bytes, as a client sends them (the same as {@link TestEvents#bytes}). */
    public static byte[] bytes(BsonDocument document) {
        return TestEvents.bytes(document);
    }
}
