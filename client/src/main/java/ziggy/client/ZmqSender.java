package ziggy.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import zmq.ZError;

/**
 * Sends events to a {@code ziggyd} collect port: application threads put encoded events into a bounded queue
 * (never waiting), and one daemon thread, the only owner of the JeroMQ PUSH socket, sends each as a single
 * frame, as Ziggy's Python client does. Nothing wakes that thread per event: it sleeps while the queue is
 * empty (see {@link #MIN_IDLE_PARK_NANOS}) and takes what piled up.
 *
 * <p>The thread hands events to JeroMQ only while a {@link ConnectionWatch} says a connection has finished
 * its greeting: with no daemon, or one that accepts TCP and never answers, events wait in the queue, the
 * queue fills and further events are dropped and counted, rather than vanishing into a pipe to nowhere.
 * {@code sent} therefore means "handed to a connected peer". JeroMQ reconnects by itself, and its pipe
 * (made once, at connect) outlives each connection, so what it holds goes out on the next one; only what
 * JeroMQ had already written towards a connection that breaks is lost without a count (TCP gives no receipt).
 * The queue's byte bound covers the events in JeroMQ's pipe too: each goes as a {@link WriteTrackedFrame},
 * and its bytes are given back once JeroMQ's I/O thread has begun to write it.
 *
 * <p>Closing (explicitly or from the JVM shutdown hook) lets the thread drain the queue until the close
 * timeout, then lingers the socket for what remains of it; whatever is still queued is counted
 * "unsent at close".
 */
final class ZmqSender implements EventSink {
    private static final System.Logger LOG = System.getLogger("ziggy.client");
    private static final int SEND_WAIT_MILLIS = 100;
    private static final int POLL_MILLIS = 50;
    /**
     * How long the sender sleeps when the queue is empty: from 1 ms, doubling while it stays empty, to 50
     * ms. Application threads never wake it (a wake-up per event was a system call per event on their
     * side and a context switch on its side); it finds each millisecond's events together and hands them
     * to JeroMQ in one go, which also wakes JeroMQ's I/O thread once per run rather than once per event.
     */
    private static final long MIN_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int BATCH = 1024;
    private static final int SEND_HWM = 100_000;

    private final String endpoint;
    private final EventQueue queue;
    private final Duration closeTimeout;
    /** Null for a plain connection. */
    private final CurveSettings curve;
    private final Counters counters;
    private final Thread thread;
    private final Thread shutdownHook;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private volatile long closeDeadlineNanos;
    private volatile boolean closing;
    /** Events the sender thread has taken from the queue but not yet sent (its only writer). */
    private volatile int inHand;
    /** Bytes handed to JeroMQ so far, and of those the ones given back to the queue's bound (sender thread only). */
    private long bytesHandedOn;
    private long bytesReleased;
    /** Bytes handed to JeroMQ up to the frame its I/O thread began to write last ({@link WriteTrackedFrame}). */
    private final AtomicLong bytesWrittenThrough = new AtomicLong();

    ZmqSender(String host, int port, SenderOptions options, Counters counters) {
        this.endpoint = "tcp://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        this.queue = new EventQueue(options.queueCapacity(), options.queueBytes());
        this.closeTimeout = options.closeTimeout();
        this.curve = options.curve();
        this.counters = counters;
        this.thread = new Thread(this::run, "ziggy-client-sender " + host + ":" + port);
        this.thread.setDaemon(true);
        this.shutdownHook = new Thread(this::close, "ziggy-client-shutdown");
        this.thread.start();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void accept(byte[] event) {
        if (closing) {
            counters.dropped(DropReason.AFTER_CLOSE, "an event closed after Ziggy.close()");
        } else if (!queue.offer(event)) {
            counters.dropped(DropReason.QUEUE_FULL, queue.size() + " events queued and " + queue.heldBytes()
                    + " bytes held for " + endpoint + " (is ziggyd running?)");
        } else if (closing && queue.remove(event)) {
            // Lost the race with close(): the sender may already have stopped draining.
            counters.dropped(DropReason.AFTER_CLOSE, "an event closed during Ziggy.close()");
        }
    }

    @Override
    public long queued() {
        return queue.size() + (long) inHand;
    }

    @Override
    public void close() {
        if (closeStarted.compareAndSet(false, true)) {
            closeDeadlineNanos = System.nanoTime() + closeTimeout.toNanos();
            closing = true;
            LockSupport.unpark(thread);
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running or will run; close() is idempotent
                }
            }
        }
        try {
            thread.join(closeTimeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "ziggy client: the sender thread for " + endpoint
                    + " did not stop within " + closeTimeout + " plus a second; leaving it (a daemon thread)");
        }
        countUnsent();
    }

    private static final int HANDSHAKE_LIMIT_MILLIS = 1000;
    /** The most a frame sent to this PUSH socket may announce; READY's metadata is a few dozen bytes. */
    private static final int INBOUND_LIMIT_BYTES = 64 * 1024;

    private void run() {
        ZMQ.Context zmq = ZMQ.context(1);
        ZMQ.Socket socket = zmq.socket(SocketType.PUSH);
        ConnectionWatch watch = null;
        try {
            // JeroMQ's default (immediate=true, libzmq's ZMQ_IMMEDIATE=0) makes the pipe once, at connect(),
            // and keeps it across reconnects. With immediate=false JeroMQ makes a pipe per TCP connection,
            // before its greeting, and throws it away, events and all, when that connection fails; a
            // stalled handshake cut by the limit below then lost every event it held while they counted as
            // sent. The watch keeps events out of the pipe while no connection is up instead.
            socket.setImmediate(true);
            socket.setSendTimeOut(SEND_WAIT_MILLIS);
            // JeroMQ 0.6.0's connecting side leaves a few percent of fresh connections stuck in the ZMTP
            // greeting. A handshake limit makes JeroMQ drop the stuck connection and dial again.
            socket.setHandshakeIvl(HANDSHAKE_LIMIT_MILLIS);
            // A deep pipe lets JeroMQ's I/O thread batch many small frames per write; with the default HWM
            // (1000) the sender stalls on the I/O thread and tops out near 250 k events/s here.
            socket.setSndHWM(SEND_HWM);
            socket.setLinger(0);
            // A PUSH socket is sent nothing but the daemon's READY, yet JeroMQ would allocate whatever a
            // frame header from the other end announces: whoever listens on the port (a daemon that is not
            // ours, a local user who bound it first) could make the application's JVM allocate a GiB.
            socket.setMaxMsgSize(INBOUND_LIMIT_BYTES);
            if (curve != null) {
                // A daemon with another key, or one without CURVE, never completes the handshake: the watch
                // then sees no connection, and events wait and are counted as they would with no daemon.
                curve.apply(socket);
            }
            watch = new ConnectionWatch(zmq, socket);
            socket.connect(endpoint);
            sendUntilClosed(socket, watch);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "ziggy client: the sender for " + endpoint + " failed", e);
        } finally {
            countUnsent();
            if (watch != null) {
                watch.close();
            }
            long left = closeDeadlineNanos - System.nanoTime();
            socket.setLinger(closing ? (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(left)) : 0);
            socket.close();
            zmq.close();
        }
    }

    private void sendUntilClosed(ZMQ.Socket socket, ConnectionWatch watch) {
        List<byte[]> batch = new ArrayList<>(BATCH);
        long idlePark = MIN_IDLE_PARK_NANOS;
        while (true) {
            if (Thread.interrupted()) {
                closing = true;
            }
            releaseWrittenBytes();
            queue.drainTo(batch, BATCH);
            if (batch.isEmpty()) {
                if (closing) {
                    return;
                }
                LockSupport.parkNanos(this, idlePark);
                idlePark = Math.min(MAX_IDLE_PARK_NANOS, idlePark * 2);
                continue;
            }
            idlePark = MIN_IDLE_PARK_NANOS;
            inHand = batch.size();
            for (int i = 0; i < batch.size(); i++) {
                if (!sendOne(socket, watch, batch.get(i), i == 0)) {
                    inHand = 0;
                    counters.dropped(DropReason.UNSENT_AT_CLOSE, batch.size() - i,
                            "no connection to " + endpoint + " before the close timeout");
                    return;
                }
                inHand = batch.size() - i - 1;
            }
            batch.clear();
        }
    }

    /**
     * False only when closing has run out of time; every other outcome is counted here. The connection is
     * looked at once per batch and whenever JeroMQ's pipe is full: an event handed over just after a
     * connection broke stays in the pipe for the next one.
     */
    private boolean sendOne(ZMQ.Socket socket, ConnectionWatch watch, byte[] event, boolean firstOfBatch) {
        boolean checkConnection = firstOfBatch;
        while (true) {
            if (checkConnection && !awaitConnection(watch)) {
                return false;
            }
            long through = bytesHandedOn + event.length;
            if (socket.sendMsg(new WriteTrackedFrame(event, through, bytesWrittenThrough), 0)) {
                bytesHandedOn = through;
                counters.sent();
                return true;
            }
            int errno = socket.errno();
            if (errno != ZError.EAGAIN) {
                queue.releaseBytes(event.length);
                counters.dropped(DropReason.SEND_FAILED, "JeroMQ error " + errno + " sending to " + endpoint);
                return true;
            }
            if (closeTimedOut()) {
                return false;
            }
            releaseWrittenBytes(); // JeroMQ's pipe is full: what it writes meanwhile makes room in the queue's bound
            checkConnection = true;
        }
    }

    /** Gives the queue's byte bound back what JeroMQ has begun to write since the last call. */
    private void releaseWrittenBytes() {
        long written = bytesWrittenThrough.get();
        queue.releaseBytes(written - bytesReleased);
        bytesReleased = written;
    }

    /** Waits for a connection that has finished its greeting; false if closing runs out of time first. */
    private boolean awaitConnection(ConnectionWatch watch) {
        while (!watch.awaitUp(POLL_MILLIS)) {
            if (closeTimedOut()) {
                return false;
            }
        }
        return true;
    }

    private boolean closeTimedOut() {
        return closing && System.nanoTime() - closeDeadlineNanos >= 0;
    }

    private void countUnsent() {
        long unsent = 0;
        for (byte[] event = queue.poll(); event != null; event = queue.poll()) {
            unsent++;
        }
        counters.dropped(DropReason.UNSENT_AT_CLOSE, unsent, "still queued for " + endpoint + " at close");
    }
}
