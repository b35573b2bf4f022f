package ziggy.daemon;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.bson.BsonDocument;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.daemon.agent.ForwardSettings;
import ziggy.daemon.security.SecuritySettings;
import ziggy.forward.ForwarderOptions;
import ziggy.forward.Upstream;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;

/**
 * Runs the collect path once, on throwaway daemons, before the real one opens its ports, so that the first
 * events it takes meet compiled code rather than the interpreter.
 *
 * <p>Why: a JVM runs new code interpreted until it has seen enough of it, and on two cores the compiling
 * competes with the work. A freshly started master took its first 500 k events at 0.78 M/s (median of 8),
 * one that had been sent 200 k events first took the next 500 k at 1.55 M/s (docs/performance.md, issue 23).
 * A fresh daemon meeting a burst is no benchmark's artefact: it is a master restarting into a hundred
 * agents' backlogs, or an agent restarting under a busy application.
 *
 * <p>How: a master and an agent forwarding to it, started by {@link RunningDaemon#start} as the real daemon
 * is, so every class of the path runs (the ZMTP server, the intake, the day files, the queue, the
 * forwarder's batches, the master's batch intake, the stream); on loopback ports the system picks, in a
 * scratch folder deleted after; no CURVE, no processors, nothing to stdout. Synthetic events
 * ({@link WarmUpEvents}) go half to the master directly, half through the agent, since a master takes both.
 * The throwaway daemons share nothing with the real one: not its folders, its ports, its counters or its
 * stream. Whatever goes wrong becomes the {@link Outcome}, which ziggyd logs, and the start goes on without
 * it: a warm-up is worth a faster first second, never a failed start.
 */
final class CollectWarmUp {
    private static final Logger LOG = System.getLogger(CollectWarmUp.class.getName());
    /** Beyond this the warm-up gives up and the daemon starts anyway; 200 k events take about 2 s on two cores. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(20);
    /** How long the throwaway daemons may take to stop after that. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    /** The longest a STATUS answer or a send to a throwaway daemon may take. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 20;
    /** A scratch queue: 16 MiB segments, far more than a warm-up fills. */
    private static final long QUEUE_BYTES = 256L << 20;

    private final DaemonSettings real;
    private final int events;
    private final Path scratchParent;

    /**
     * Sends {@code events} events in all, half straight to the master and half through the agent; its scratch
     * folder is made in {@code scratchParent}.
     */
    CollectWarmUp(DaemonSettings real, int events, Path scratchParent) {
        this.real = real;
        this.events = events;
        this.scratchParent = scratchParent;
    }

    /** How a warm-up went, for the daemon's log: complete, or why not and how far it got. */
    record Outcome(boolean complete, String message) {
    }

    /**
     * Runs the warm-up on a thread of its own, waiting for it {@link #TIME_LIMIT} and {@link #STOP_LIMIT} at
     * most: a throwaway daemon whose stop hangs (a ZeroMQ context whose I/O thread died never closes) is left
     * behind rather than holding the start. Never throws but for an interrupt.
     */
    Outcome run() throws InterruptedException {
        long started = System.nanoTime();
        List<byte[]> kinds = WarmUpEvents.upTo(real.maxMessageBytes());
        if (kinds.isEmpty()) {
            return new Outcome(false, "warm-up skipped: every warm-up event is larger than --max-message-bytes ("
                    + real.maxMessageBytes() + ")");
        }
        WarmUpScratch scratch;
        try {
            scratch = WarmUpScratch.makeIn(scratchParent);
        } catch (IOException | RuntimeException e) {
            return new Outcome(false, "warm-up skipped: cannot make a scratch folder in " + scratchParent + ": " + e);
        }
        // A stop signal during the warm-up ends the process before the finally: the hook deletes the folder.
        Thread cleanUp = new Thread(scratch::close, "ziggy-warm-up-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        FutureTask<Long> attempt = new FutureTask<>(() -> sendThroughThrowawayDaemons(kinds, scratch.folder,
                started + TIME_LIMIT.toNanos()));
        Thread thread = new Thread(attempt, "ziggy-warm-up");
        thread.setDaemon(true);
        try {
            thread.start();
            long taken = attempt.get(TIME_LIMIT.plus(STOP_LIMIT).toNanos(), TimeUnit.NANOSECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            return taken == events ? new Outcome(true, "warmed the collect path up with " + events + " events in " + millis
                    + " ms before opening the ports")
                    : new Outcome(false, "warm-up cut short after " + millis + " ms: " + taken + " of " + events
                            + " events went through; starting anyway");
        } catch (TimeoutException e) {
            return new Outcome(false, "warm-up abandoned after " + TIME_LIMIT.plus(STOP_LIMIT).toSeconds()
                    + " s: a throwaway daemon did not stop; starting without it");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Outcome(false, "warm-up skipped: " + (cause instanceof StartupException ? cause.getMessage() : cause));
        } finally {
            thread.interrupt();
            scratch.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds nothing left to delete
            }
        }
    }

    /** The events the master took in, all of them when it went well. */
    private long sendThroughThrowawayDaemons(List<byte[]> kinds, Path scratch, long deadline)
            throws StartupException, InterruptedException {
        RunningDaemon master = RunningDaemon.start(masterSettings(scratch.resolve("log")));
        try {
            RunningDaemon agent = RunningDaemon.start(agentSettings(scratch.resolve("queue"), master));
            try (ZContext context = new ZContext(1);
                 ControlClient status = ControlClient.keptOpen(loopback(master.controlPort()), SOCKET_TIMEOUT)) {
                context.setUncaughtExceptionHandler((thread, e) -> LOG.log(Level.WARNING, "warm-up sender: " + e));
                if (!send(kinds, context, master.collectPort(), agent.collectPort(), deadline)) {
                    return eventsTaken(status);
                }
                return awaitAll(status, deadline, master, agent);
            } finally {
                agent.stop();
            }
        } finally {
            master.stop();
        }
    }

    /** Sends the events, alternating between the two ports; false when the deadline passed first. */
    private boolean send(List<byte[]> kinds, ZContext context, int masterPort, int agentPort, long deadline) {
        ZMQ.Socket toMaster = pushTo(context, masterPort);
        ZMQ.Socket toAgent = pushTo(context, agentPort);
        for (int i = 0; i < events; i++) {
            ZMQ.Socket to = i % 2 == 0 ? toMaster : toAgent;
            if (!to.send(kinds.get(i % kinds.size())) || System.nanoTime() > deadline) {
                return false;
            }
        }
        return true;
    }

    private static ZMQ.Socket pushTo(ZContext context, int port) {
        ZMQ.Socket socket = context.createSocket(SocketType.PUSH);
        socket.setSendTimeOut((int) SOCKET_TIMEOUT.toMillis());
        socket.setHandshakeIvl(Endpoint.HANDSHAKE_LIMIT_MILLIS);
        socket.setLinger(0);
        socket.connect("tcp://127.0.0.1:" + port);
        return socket;
    }

    /**
     * Waits, to the deadline at most and while neither daemon has a failed part, for the master to have taken
     * every event; returns how many it took. No shorter limit on a count that stands still: an agent's first
     * batch may wait for its first fsync, its connection and its first COMMITTED answer, seconds on a busy host.
     */
    private long awaitAll(ControlClient status, long deadline, RunningDaemon master, RunningDaemon agent)
            throws InterruptedException {
        long taken = eventsTaken(status);
        while (taken < events && System.nanoTime() < deadline && !master.failed() && !agent.failed()) {
            Thread.sleep(POLL_MILLIS);
            taken = eventsTaken(status);
        }
        return taken;
    }

    private static long eventsTaken(ControlClient status) {
        BsonDocument total = status.status().getDocument(StatusKeys.TOTAL);
        return total.getNumber(StatusKeys.TOTAL_EVENTS).longValue();
    }

    private DaemonSettings masterSettings(Path logPath) {
        // The default size limit (here and for the agent): the agent then sends whole batches, as to a master of
        // the default limit, and the events are already sized to the real daemon's limit.
        return new DaemonSettings(loopback(0), loopback(0), logPath, real.zone(), DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                real.idleClose(), real.fsyncFiles(), null, real.collectLimits(), SecuritySettings.none());
    }

    private DaemonSettings agentSettings(Path queuePath, RunningDaemon master) {
        QueueOptions queue = QueueOptions.of(QUEUE_BYTES, FullPolicy.BLOCK, real.forward() == null
                ? QueueOptions.defaults().fsync() : real.forward().queue().fsync());
        Upstream upstream = new Upstream(loopback(master.collectPort()), loopback(master.controlPort()));
        ForwardSettings forward = new ForwardSettings(queuePath, queue, List.of(upstream), ForwarderOptions.defaults());
        return new DaemonSettings(loopback(0), loopback(0), null, real.zone(), DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                real.idleClose(), real.fsyncFiles(), forward, real.collectLimits(), SecuritySettings.none());
    }

    private static Endpoint loopback(int port) {
        return new Endpoint("127.0.0.1", port, InetAddress.getLoopbackAddress());
    }
}
