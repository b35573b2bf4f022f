package ziggy.daemon.stream;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.watch.SocketThreads;

/**
 * Publishes events on an XPUB socket bound to a random port of the control host. The collect
 * thread calls {@link #offer}, which copies the event into the {@link ByteRing} when a subscriber
 * wants its type; the publisher thread sends what the ring holds as {@code [type, event]} and
 * reads the subscriptions XPUB reports. XPUB drops messages for a subscriber that is behind by its
 * high-water mark rather than wait, and the ring drops (counted) rather than wait for this thread.
 * XPUB's drops are not counted: JeroMQ tells no one of them. XPUB_NODROP would make them visible, but
 * then a refused event is lost to every subscriber of its type, so one stuck viewer would cost every
 * other its events; a slow subscriber losing only its own is worth more than the count.
 */
public final class StreamPublisher implements AutoCloseable {
    private static final Logger LOG = System.getLogger(StreamPublisher.class.getName());
    private static final int SEND_HIGH_WATER_MARK = 10_000;
    private static final int IDLE_WAIT_MILLIS = 5;
    /**
     * What XPUB receives: subscriptions, {@code 0x01} or {@code 0x00} and a type prefix of at most 200
     * bytes, or ZMTP 3.1's SUBSCRIBE and CANCEL commands (ten bytes more), and the peer's READY. A larger
     * frame is no subscriber's: JeroMQ cuts its connection before allocating what it announces.
     */
    private static final int MAX_RECEIVED_BYTES = 1024;

    private final ZMQ.Socket socket;
    private final int port;
    private final ByteRing ring;
    private final Subscriptions subscriptions = new Subscriptions();
    private final IntakeStats stats;
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * Binds at once, so a failure shows at start-up. {@code zmqHost} is e.g. {@code 127.0.0.1} or {@code *};
     * {@code threads} makes the publisher thread, which lets what escapes it end it: the caller watches it.
     */
    public StreamPublisher(ZContext context, String zmqHost, int ringBytes, IntakeStats stats, ThreadFactory threads) {
        this(context, zmqHost, ringBytes, stats, threads, socket -> { });
    }

    /** As the constructor above, with {@code beforeBind} setting the socket up first (as a CURVE server). */
    public StreamPublisher(ZContext context, String zmqHost, int ringBytes, IntakeStats stats, ThreadFactory threads,
                           Consumer<ZMQ.Socket> beforeBind) {
        this.stats = stats;
        this.ring = new ByteRing(ringBytes);
        this.socket = context.createSocket(SocketType.XPUB);
        socket.setSndHWM(SEND_HIGH_WATER_MARK);
        socket.setLinger(0);
        socket.setReceiveTimeOut(IDLE_WAIT_MILLIS);
        socket.setMaxMsgSize(MAX_RECEIVED_BYTES);
        try {
            beforeBind.accept(socket);
            this.port = socket.bindToRandomPort("tcp://" + zmqHost);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        this.thread = threads.newThread(this::run);
        thread.setName("ziggy-stream-" + port);
    }

    public int port() {
        return port;
    }

    public int subscriptionCount() {
        return subscriptions.size();
    }

    public void start() {
        thread.start();
    }

    /**
     * Collect thread: queues the event for subscribers of its type; never blocks. Returns false when
     * it was dropped from the stream because the hand-off was full.
     */
    public boolean offer(byte[] type, ByteBuffer source, int offset, int length) {
        if (!subscriptions.wants(type)) {
            return true;
        }
        if (ring.offer(type, source, offset, length)) {
            return true;
        }
        stats.streamDropped.increment();
        return false;
    }

    private void run() {
        try {
            while (!stopping) {
                int sent = ring.drain(this::send);
                byte[] subscription = socket.recv(sent > 0 ? ZMQ.DONTWAIT : 0);
                while (subscription != null) {
                    subscriptions.apply(subscription);
                    LOG.log(Level.DEBUG, () -> "stream subscriptions now " + subscriptions.size());
                    subscription = socket.recv(ZMQ.DONTWAIT);
                }
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                throw e;
            }
            LOG.log(Level.DEBUG, () -> "the stream's socket while stopping: " + e);
        } finally {
            socket.close();
        }
    }

    private void send(byte[] type, byte[] event) {
        if (socket.send(type, ZMQ.SNDMORE | ZMQ.DONTWAIT) && socket.send(event, ZMQ.DONTWAIT)) {
            stats.streamSent.increment();
        }
    }

    /** Stops the publisher thread and closes the socket; events still in the hand-off are dropped. */
    @Override
    public void close() {
        stopping = true;
        SocketThreads.awaitStop(thread, socket);
    }
}
