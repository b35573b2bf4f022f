package ziggy.daemon.stdout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

import ziggy.daemon.stats.Counter;
import ziggy.daemon.stream.ByteRing;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * ziggyd's {@code --stdout}: every event taken in, also written to an output stream (stdout) as one line.
 *
 * <p>The collect thread calls {@link #offer}: while the sink is off that is one volatile read; while on, a
 * copy of the event's bytes into a {@link ByteRing} of a fixed size, never a wait. When the ring is full the
 * event is left out of stdout only and counted ({@code dropped}). A writer thread of its own renders what
 * the ring holds ({@link EventLines}), gathers the lines in a buffer and writes it when it passes
 * {@value #WRITE_BYTES} bytes or when the ring is empty, so that a quiet daemon's lines go out at once. A
 * failed write (stdout closed: EPIPE) is counted, logged at most once a second, and its events counted as
 * dropped; the writer goes on with the next.
 *
 * <p>{@link #switchTo} changes the format or turns the sink off or on while the daemon runs (a reload): the
 * ring and the writer thread are made on the first switch on and kept. Events already in the ring are all
 * written, whatever the switch: in the format in force when the writer renders them (the new one after a
 * change of format; after a switch off, the last format that was on). Events taken in while the sink is
 * off are not written.
 */
public final class StdoutSink implements AutoCloseable {
    private static final Logger LOG = System.getLogger(StdoutSink.class.getName());
    /** The hand-off's budget: a few tens of thousands of usual events, dropped beyond. */
    public static final int DEFAULT_RING_BYTES = 8 * 1024 * 1024;
    /** A write gathers lines up to this much: few system calls, and a pipe's 64 KiB at a time. */
    static final int WRITE_BYTES = 64 * 1024;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** How long {@link #close()} lets the writer finish what the ring holds; a stdout nobody reads would hold it forever. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final OutputStream out;
    private final ThreadFactory threads;
    private final int ringBytes;
    private final EventLines lines = new EventLines();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(WRITE_BYTES + 4096);
    private final RateLimitedLog errorLog = new RateLimitedLog(LOG);
    /** Collect thread only. */
    private final Counter droppedFull = new Counter();
    /** Writer thread only: lines written, and events lost in failed writes or to a rendering failure. */
    private final Counter written = new Counter();
    private final Counter droppedWriting = new Counter();
    private final Counter writeErrors = new Counter();

    /** Whether {@link #offer} takes events; written after {@link #ring}, so that a reader that sees true sees the ring. */
    private volatile boolean accepting;
    /** The format the writer renders in: never {@link StdoutFormat#OFF} once the sink was on. */
    private volatile StdoutFormat rendering = StdoutFormat.JSON;
    /** Null until the first switch on; then kept. */
    private ByteRing ring;
    private Thread writer;
    private volatile boolean stopping;
    /** Writer thread only: events in {@link #pending}. */
    private int pendingEvents;

    /**
     * A sink that is off until {@link #switchTo} turns it on. {@code threads} makes the writer thread (the daemon's
     * watched one); {@code out} is stdout, or a test's stream.
     */
    public StdoutSink(OutputStream out, int ringBytes, ThreadFactory threads) {
        this.out = out;
        this.ringBytes = ringBytes;
        this.threads = threads;
    }

    /** A sink that is off and stays so unless switched on, which then writes nowhere: for intakes that write no stdout. */
    public static StdoutSink off() {
        return new StdoutSink(OutputStream.nullOutputStream(), 0, Thread::new);
    }

    /**
     * Turns the sink on in {@code format}, changes its format, or turns it off ({@link StdoutFormat#OFF}), from any
     * thread, at once; no event already taken in is lost (see the class comment for its format).
     */
    public synchronized void switchTo(StdoutFormat format) {
        if (format == StdoutFormat.OFF) {
            if (accepting) {
                LOG.log(Level.INFO, "--stdout off: events taken in from now on are not written to stdout");
            }
            accepting = false;
            return;
        }
        if (stopping) {
            return;
        }
        if (ring == null) {
            ring = new ByteRing(ringBytes);
            writer = threads.newThread(this::run);
            writer.setName("ziggy-stdout");
            // A stdout nobody reads blocks the writer in its write: it must not keep the process alive.
            writer.setDaemon(true);
            writer.start();
        }
        rendering = format;
        accepting = true;
        LOG.log(Level.INFO, "--stdout=" + format.key() + ": every event taken in is also written to stdout");
    }

    /** The format in force: {@link StdoutFormat#OFF} while off. */
    public StdoutFormat format() {
        return accepting ? rendering : StdoutFormat.OFF;
    }

    /**
     * Collect thread: queues the event (of type {@code type}) for stdout; never blocks. Returns false when it was
     * dropped from stdout because the hand-off was full.
     */
    public boolean offer(byte[] type, ByteBuffer source, int offset, int length) {
        if (!accepting) {
            return true;
        }
        if (ring.offer(type, source, offset, length)) {
            return true;
        }
        droppedFull.increment();
        return false;
    }

    /** Events whose line was written to stdout. */
    public long written() {
        return written.get();
    }

    /** Events left out of stdout: its hand-off was full, or their write failed. */
    public long dropped() {
        return droppedFull.get() + droppedWriting.get();
    }

    public long writeErrors() {
        return writeErrors.get();
    }

    /** Bytes waiting in the hand-off now. */
    public synchronized long bufferedBytes() {
        return ring == null ? 0 : ring.heldBytes();
    }

    /** Appends the STATUS section {@code stdout}: {@code {format, written, dropped, write_errors, buffered_bytes}}. */
    public void appendTo(BsonDocument status) {
        status.append(StatusKeys.STDOUT, new BsonDocument()
                .append(StatusKeys.STDOUT_FORMAT, new BsonString(format().key()))
                .append(StatusKeys.STDOUT_WRITTEN, new BsonInt64(written()))
                .append(StatusKeys.STDOUT_DROPPED, new BsonInt64(dropped()))
                .append(StatusKeys.STDOUT_WRITE_ERRORS, new BsonInt64(writeErrors()))
                .append(StatusKeys.STDOUT_BUFFERED_BYTES, new BsonInt64(bufferedBytes())));
    }

    private void run() {
        ByteRing events;
        synchronized (this) {
            events = ring;
        }
        while (true) {
            // Read before the drain: once stopping is seen, one more drain takes what the collect thread left.
            boolean last = stopping;
            int drained = events.drain(this::render);
            if (drained == 0) {
                writePending();
                if (last) {
                    return;
                }
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    private void render(byte[] type, byte[] event) {
        try {
            pending.writeBytes(lines.render(type, event, rendering).getBytes(StandardCharsets.UTF_8));
            pending.write('\n');
            pendingEvents++;
        } catch (RuntimeException e) { // a bug of ours in the rendering: the event is lost to stdout only
            droppedWriting.increment();
            errorLog.log(Level.ERROR, "render", "--stdout: an event could not be rendered (" + dropped()
                    + " events left out of stdout so far)", e);
        }
        if (pending.size() >= WRITE_BYTES) {
            writePending();
        }
    }

    private void writePending() {
        if (pendingEvents == 0) {
            return;
        }
        try {
            pending.writeTo(out);
            out.flush();
            written.add(pendingEvents);
        } catch (IOException e) {
            writeErrors.increment();
            droppedWriting.add(pendingEvents);
            errorLog.log(Level.WARNING, "write", "--stdout: cannot write to stdout (" + e.getMessage() + "); "
                    + dropped() + " events left out of it so far, " + writeErrors() + " failed writes");
        } finally {
            pending.reset();
            pendingEvents = 0;
        }
    }

    /**
     * Turns the sink off and lets the writer write what the ring holds, for at most a couple of seconds (a stdout
     * nobody reads would hold it forever); call it after the collect thread's last event.
     */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            accepting = false;
            stopping = true;
            thread = writer;
        }
        if (thread == null) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, "--stdout: stdout takes nothing; " + bufferedBytes()
                    + " bytes of events are left unwritten at the stop");
        }
    }
}
