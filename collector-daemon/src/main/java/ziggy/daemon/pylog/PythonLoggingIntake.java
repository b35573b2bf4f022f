package ziggy.daemon.pylog;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.ZError;
import ziggy.daemon.collect.EventHandOff;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * The {@code --python-logging} port: a SUB socket, bound and subscribed to everything, that takes Python
 * {@code logging} records as seed 000's {@code ZmqLogHandler} publishes them, makes each an event
 * ({@link LogRecordEvent}) and leaves it in the collect thread's {@link EventHandOff}, so that it is validated,
 * counted, streamed, written and queued as any client's event.
 *
 * <p>The port faces the network, so it is budgeted: frames past {@link #MAX_SOCKET_FRAME_BYTES} make JeroMQ drop
 * the publisher's connection (it reconnects); records past {@link #MAX_RECORD_BYTES} are counted {@code too_big};
 * at most {@link #RECEIVE_HWM} messages wait per publisher. Bad input is counted by reason and logged at most
 * once a second per reason, never thrown. When the hand-off is full this thread waits rather than drops, so the
 * SUB socket stops reading and PUB/SUB drops at the publisher, as ZeroMQ's contract has it.
 *
 * <p>One instance binds once; to move the port (a reload), {@link #close()} it and bind another with the same
 * {@link PythonLoggingCounters}.
 */
public final class PythonLoggingIntake implements AutoCloseable {
    private static final Logger LOG = System.getLogger(PythonLoggingIntake.class.getName());
    /** JeroMQ's own limit per frame: past it the peer is disconnected, its frame never buffered whole. */
    static final long MAX_SOCKET_FRAME_BYTES = 1024 * 1024;
    /** A record's JSON past this is counted {@code too_big}: larger than any log line should be. */
    static final int MAX_RECORD_BYTES = 256 * 1024;
    static final int RECEIVE_HWM = 1000;
    /** Records handed off before the collect loop is woken, when they arrive faster than it is. */
    private static final int BATCH = 512;
    /** How often the thread looks at its stop flag when nothing arrives, or the hand-off stays full. */
    private static final int POLL_MILLIS = 100;
    private static final long OFFER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);

    private final ZMQ.Socket socket;
    private final Endpoint endpoint;
    private final EventHandOff<byte[]> handOff;
    private final PythonLoggingCounters counters;
    private final LogRecordEvent records;
    private final RateLimitedLog log = new RateLimitedLog(LOG);
    private final int port;
    private volatile boolean stopRequested;
    private Thread thread;
    private boolean closed;

    private PythonLoggingIntake(ZMQ.Socket socket, Endpoint endpoint, EventHandOff<byte[]> handOff,
                                PythonLoggingCounters counters, String hostname) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.handOff = handOff;
        this.counters = counters;
        this.records = new LogRecordEvent(hostname);
        String bound = socket.getLastEndpoint();
        this.port = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
    }

    /**
     * Binds the SUB socket at {@code at}, CURVE made by {@code security} before the bind (a no-op without it);
     * throws {@link ZMQException} when the address is in use. Call {@link #start} to take records.
     */
    public static PythonLoggingIntake bind(ZContext context, Endpoint at, Consumer<ZMQ.Socket> security,
                                           EventHandOff<byte[]> handOff, PythonLoggingCounters counters, String hostname) {
        ZMQ.Socket socket = context.createSocket(SocketType.SUB);
        try {
            socket.setMaxMsgSize(MAX_SOCKET_FRAME_BYTES);
            socket.setRcvHWM(RECEIVE_HWM);
            socket.setLinger(0);
            socket.setReceiveTimeOut(POLL_MILLIS);
            socket.subscribe(ZMQ.SUBSCRIPTION_ALL);
            security.accept(socket);
            socket.bind(at.zmqAddress());
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        PythonLoggingIntake intake = new PythonLoggingIntake(socket, at, handOff, counters, hostname);
        counters.bound(at.host() + ":" + intake.port);
        return intake;
    }

    /** The port bound: the one chosen when bound to port 0. */
    public int port() {
        return port;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Starts taking records on a thread of {@code threads} (the daemon's watched threads). */
    public synchronized void start(ThreadFactory threads) {
        if (thread != null || closed) {
            throw new IllegalStateException("already started or closed");
        }
        thread = threads.newThread(this::run);
        thread.setName("ziggy-python-logging-" + port);
        thread.start();
    }

    private void run() {
        try {
            while (!stopRequested) {
                byte[] topic = socket.recv(0);
                if (topic == null) {
                    continue; // the receive timeout: a look at the stop flag
                }
                take(topic);
                // What has already arrived goes with it, and the collect loop is woken once for all of them.
                for (int more = 1; more < BATCH && (topic = socket.recv(ZMQ.DONTWAIT)) != null; more++) {
                    take(topic);
                }
                handOff.signal();
            }
        } catch (ZMQException e) {
            if (e.getErrorCode() != ZError.ETERM) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
        }
    }

    /** One message, its first frame read: read the rest, make the event, hand it off. */
    private void take(byte[] topic) throws InterruptedException {
        counters.received();
        byte[] record = null;
        int frames = 1;
        long bytes = topic.length;
        while (socket.hasReceiveMore()) {
            byte[] frame = socket.recv(0);
            frames++;
            if (frame == null) {
                break; // cannot happen within a message; counted as its frame count says
            }
            bytes += frame.length;
            if (frames == 2) {
                record = frame;
            }
        }
        if (frames != 2 || record == null) {
            reject(LogRecordEvent.Rejection.NOT_TWO_FRAMES, frames + " frames, not 2 (LEVEL:channel, then the record's JSON)");
            return;
        }
        if (bytes > MAX_RECORD_BYTES) {
            reject(LogRecordEvent.Rejection.TOO_BIG, bytes + " bytes, more than " + MAX_RECORD_BYTES);
            return;
        }
        byte[] event;
        try {
            event = records.encode(topic, record);
        } catch (LogRecordEvent.Rejected e) {
            reject(e.reason, e.getMessage());
            return;
        } catch (RuntimeException bug) {
            counters.rejected(LogRecordEvent.Rejection.INTERNAL_ERROR);
            log.log(Level.ERROR, LogRecordEvent.Rejection.INTERNAL_ERROR, "a Python logging record could not be made an event"
                    + " (a bug of ours; the record is counted as internal_error and the port goes on)", bug);
            return;
        }
        boolean formatFailed = records.formatFailed();
        while (!handOff.offerWithoutSignal(event, OFFER_WAIT_NANOS)) {
            if (stopRequested) {
                return; // the collect thread stays behind past the stop: this record is lost, uncounted as an event
            }
        }
        counters.event(formatFailed);
    }

    private void reject(LogRecordEvent.Rejection reason, String detail) {
        counters.rejected(reason);
        log.log(Level.WARNING, reason, "python logging port " + endpoint + ": a message rejected as " + reason.wireName()
                + ": " + detail);
    }

    /**
     * Stops the thread after the message in hand, which it hands off unless the hand-off stays full; the socket
     * is closed on its own thread. Waits for the thread at most 5 s.
     */
    @Override
    public void close() {
        stopRequested = true;
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            if (running == null) {
                socket.close();
                return;
            }
        }
        try {
            running.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.log(Level.WARNING, "the python logging port " + endpoint + " did not stop within 5 s");
        }
    }
}
