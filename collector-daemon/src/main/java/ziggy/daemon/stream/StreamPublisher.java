package ziggy.daemon.stream;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.daemon.stats.Counter;
import ziggy.daemon.stats.IntakeStats;

/**
 * Publishes events on an XPUB socket bound to a random port of the control host. The collect
 * thread calls {@link #offer}, which copies the event into the {@link ByteRing} when a subscriber
 * wants its type; the publisher thread sends what the ring holds as {@code [type, event]} and
 * reads the subscriptions XPUB reports. Neither waits: the ring drops an event when it is full, and
 * XPUB refuses one (XPUB_NODROP, so that the refusal is seen) while a subscriber it is for is
 * {@value #SEND_HIGH_WATER_MARK} messages behind. Both are counted in STATUS {@code stream.dropped}.
 * A refused event is lost to every subscriber of its type, not just to the slow one: the price of
 * counting, since a lossy XPUB drops for the slow subscriber alone but tells no one.
 *
 * <p>Each event is sent from an array of its own: JeroMQ's {@code Msg} keeps the array it is given
 * until its I/O thread has written it to every subscriber, and says nothing when that is, so a reused
 * array could be refilled under it; {@code send(byte[], off, len, flags)} would make the same array
 * inside JeroMQ.
 */
public final class StreamPublisher implements AutoCloseable {
    private static final Logger LOG = System.getLogger(StreamPublisher.class.getName());
    private static final int SEND_HIGH_WATER_MARK = 10_000;
    private static final int IDLE_WAIT_MILLIS = 5;

    private final ZMQ.Socket socket;
    private final int port;
    private final ByteRing ring;
    private final Subscriptions subscriptions = new Subscriptions();
    private final IntakeStats stats;
    /** Collect thread only: events the full ring could not take. */
    private final Counter ringOverflows = new Counter();
    /** Publisher thread only: events XPUB refused, and how many drops {@code stats.streamDropped} shows. */
    private long refused;
    private long droppedReported;
    private final Thread thread;
    private volatile boolean stopping;

    /** Binds at once, so a failure shows at start-up. {@code zmqHost} is e.g. {@code 127.0.0.1} or {@code *}. */
    public StreamPublisher(ZContext context, String zmqHost, int ringBytes, IntakeStats stats) {
        this.stats = stats;
        this.ring = new ByteRing(ringBytes);
        this.socket = context.createSocket(SocketType.XPUB);
        socket.setSndHWM(SEND_HIGH_WATER_MARK);
        socket.setXpubNoDrop(true);
        socket.setLinger(0);
        socket.setReceiveTimeOut(IDLE_WAIT_MILLIS);
        this.port = socket.bindToRandomPort("tcp://" + zmqHost);
        this.thread = new Thread(this::run, "ziggy-stream-" + port);
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
        ringOverflows.increment();
        return false;
    }

    private void run() {
        try {
            while (!stopping) {
                int sent = ring.drain(this::send);
                reportDropped();
                byte[] subscription = socket.recv(sent > 0 ? ZMQ.DONTWAIT : 0);
                while (subscription != null) {
                    subscriptions.apply(subscription);
                    LOG.log(Level.DEBUG, () -> "stream subscriptions now " + subscriptions.size());
                    subscription = socket.recv(ZMQ.DONTWAIT);
                }
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.log(Level.ERROR, "the stream publisher stopped; events are still written to files", e);
            }
        } finally {
            reportDropped();
            socket.close();
        }
    }

    private void send(byte[] type, byte[] event) {
        // XPUB checks the high-water mark on the first frame; it counts whole messages, so once the
        // type frame is taken the event frame is too.
        if (socket.send(type, ZMQ.SNDMORE | ZMQ.DONTWAIT) && socket.send(event, ZMQ.DONTWAIT)) {
            stats.streamSent.increment();
        } else {
            refused++;
        }
    }

    /**
     * Publishes both kinds of drop in {@code stats.streamDropped}, whose one writer is this thread
     * (a {@link Counter} has one writer), at least every {@value #IDLE_WAIT_MILLIS} ms.
     */
    private void reportDropped() {
        long dropped = ringOverflows.get() + refused;
        if (dropped != droppedReported) {
            stats.streamDropped.add(dropped - droppedReported);
            droppedReported = dropped;
        }
    }

    /** Stops the publisher thread and closes the socket; events still in the hand-off are dropped. */
    @Override
    public void close() {
        stopping = true;
        if (thread.isAlive()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            socket.close();
        }
    }
}
