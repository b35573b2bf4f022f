package ziggy.bench.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.ScannedEvent;
import ziggy.protocol.event.TypeNames;

/**
 * Subscribes to a daemon's live stream (the port from SOCK_STREAM) and records, for each event of
 * this run, the time from its {@code end} to its arrival here: the whole path of an event through
 * the daemons, as a user watching the stream sees it. Clocks are the same host's, so the figure is
 * real only when the sender runs on the subscriber's host (ziggy-bench does both).
 */
final class StreamLatency implements AutoCloseable {
    private static final int RECEIVE_TIMEOUT_MILLIS = 100;
    /** Enough for ten million samples; beyond that the first ten million stand for the run. */
    private static final int MAX_SAMPLES = 10_000_000;
    /** Events of other sizes are not this run's; a larger one is cut short and skipped. */
    private static final int MAX_EVENT_BYTES = 1 << 20;
    /** The timeline covers a run's first hour, a second a slot. */
    private static final int TIMELINE_SECONDS = 3_600;

    private final ZContext context = new ZContext(1);
    private final String address;
    private final EventTemplates templates;
    private final long runTag;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long received;
    /** When the run began (epoch seconds), and how many of its first seconds are the unmeasured warm-up. */
    private volatile double runStart;
    private volatile int warmupSeconds;
    /**
     * Every event's latency, and the second of the run it ended in, warm-up included: the warm-up takes the
     * same code path as the measured part, so the JIT has compiled that one path when measuring begins (a
     * branch first taken there would send this thread back to the interpreter, and it would measure itself).
     */
    private int[] micros = new int[1 << 16];
    private char[] secondOf = new char[1 << 16];
    private int samples;
    /** The worst latency of the events that ended in each second of the run: where a tail comes from. */
    private final int[] worstBySecond = new int[TIMELINE_SECONDS];
    private int secondsSeen;
    private ZMQ.Socket socket;

    StreamLatency(String zmqAddress, EventTemplates templates, long runTag) {
        this.address = zmqAddress;
        this.templates = templates;
        this.runTag = runTag;
        context.setLinger(0);
        this.socket = subscribe();
        this.thread = new Thread(this::receive, "ziggy-bench-stream");
    }

    private ZMQ.Socket subscribe() {
        ZMQ.Socket sub = context.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.setRcvHWM(0);
        sub.setReceiveTimeOut(RECEIVE_TIMEOUT_MILLIS);
        // JeroMQ 0.6.0 now and then stalls in the handshake; a limit makes it dial again.
        sub.setHandshakeIvl(1_000);
        sub.subscribe(new byte[0]);
        sub.connect(address);
        return sub;
    }

    /** Dials again on a fresh socket: for a subscription that never reached the daemon. */
    void redial() {
        socket.close();
        socket = subscribe();
    }

    /** The run begins at {@code epochSeconds}; the events that end in its first {@code warmup} are not measured. */
    void begin(double epochSeconds, Duration warmup) {
        warmupSeconds = (int) warmup.toSeconds();
        runStart = epochSeconds;
    }

    void start() {
        thread.start();
    }

    private void receive() {
        EventScanner scanner = new EventScanner();
        ScannedEvent event = new ScannedEvent();
        // Reused buffers: a subscriber that allocates per event falls behind the stream and measures itself.
        ByteBuffer type = ByteBuffer.allocateDirect(TypeNames.MAX_LENGTH + 1);
        ByteBuffer bytes = ByteBuffer.allocateDirect(MAX_EVENT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (!stopping) {
            type.clear();
            if (socket.recvByteBuffer(type, 0) < 0) {
                continue;
            }
            if (!socket.hasReceiveMore()) {
                continue;
            }
            bytes.clear();
            int length = socket.recvByteBuffer(bytes, 0);
            double arrived = System.currentTimeMillis() / 1000.0;
            if (length <= 0 || length > bytes.capacity() || !templates.isFromRun(bytes, length, runTag)) {
                continue;
            }
            if (scanner.scan(bytes, 0, length, event) && !Double.isNaN(event.end())) {
                int second = (int) Math.max(0, Math.floor(event.end() - runStart));
                record((int) Math.round((arrived - event.end()) * 1e6), second);
            }
        }
    }

    private void record(int latencyMicros, int second) {
        received++;
        if (second < TIMELINE_SECONDS) {
            worstBySecond[second] = Math.max(worstBySecond[second], latencyMicros);
            secondsSeen = Math.max(secondsSeen, second + 1);
        }
        if (samples == micros.length && samples < MAX_SAMPLES) {
            micros = Arrays.copyOf(micros, Math.min(MAX_SAMPLES, samples * 2));
            secondOf = Arrays.copyOf(secondOf, micros.length);
        }
        if (samples < micros.length) {
            micros[samples] = latencyMicros;
            secondOf[samples] = (char) Math.min(second, Character.MAX_VALUE);
            samples++;
        }
    }

    /** Events of this run received so far. */
    long received() {
        return received;
    }

    /** Stops receiving (waiting at most {@code wait}) and returns the percentiles of what arrived after the warm-up. */
    LatencyPercentiles stop(Duration wait) throws InterruptedException {
        stopping = true;
        thread.join(wait.toMillis());
        int[] measured = new int[samples];
        int count = 0;
        for (int i = 0; i < samples; i++) {
            if (secondOf[i] >= warmupSeconds) {
                measured[count++] = micros[i];
            }
        }
        return LatencyPercentiles.of(Arrays.copyOf(measured, count), Arrays.copyOf(worstBySecond, secondsSeen), warmupSeconds);
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
