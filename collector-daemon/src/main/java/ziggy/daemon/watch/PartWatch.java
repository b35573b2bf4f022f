package ziggy.daemon.watch;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

import org.zeromq.ZContext;

import ziggy.protocol.logging.RateLimitedLog;

/**
 * The daemon's parts and whether each still runs. A part fails when a {@code Throwable} escapes one of
 * its threads: the first failure of each part is logged with its stack, every one is counted, and the
 * listener given to {@link #whenFailed} runs (the daemon's stop). Thread-safe.
 */
public final class PartWatch {
    private static final Logger LOG = System.getLogger(PartWatch.class.getName());

    /** A failed part: what escaped it first, and how many times one did. */
    public record Failure(Part part, String cause, long count) {
        /** One line for the health check and the log: "the stream publisher failed: java.lang.OutOfMemoryError: …". */
        public String reason() {
            return part.description() + " failed: " + cause;
        }
    }

    private final Map<Part, Failure> failures = new EnumMap<>(Part.class);
    private final FailureHook hook = FailureHook.fromSystemProperty();
    private final RateLimitedLog zeroMqNotices = new RateLimitedLog(LOG);
    private volatile Runnable onFailure = () -> { };
    private volatile boolean stopping;
    /** {@link System#nanoTime()} of the first failure. */
    private long firstFailureNanos;

    /** Runs {@code action}, from the failing thread, after each failure; the daemon passes its stop request. */
    public void whenFailed(Runnable action) {
        onFailure = action;
    }

    /** Threads for {@code part}: whatever escapes their task fails the part. Their owner names them. */
    public ThreadFactory threads(Part part) {
        return task -> new Thread(() -> {
            try {
                hook.strike(part);
                task.run();
            } catch (Throwable escaped) { // Error included: that is the point
                failed(part, escaped);
            }
        });
    }

    /** For a thread made elsewhere (the forwarder's): what escapes it fails {@code part}. */
    public Thread.UncaughtExceptionHandler handler(Part part) {
        return (thread, escaped) -> failed(part, escaped);
    }

    /** For {@link Thread#setDefaultUncaughtExceptionHandler}: the part is told by the thread's name. */
    public Thread.UncaughtExceptionHandler anyThread() {
        return (thread, escaped) -> failed(Part.ofThread(thread.getName()), escaped);
    }

    /**
     * Watches a ZeroMQ context; call it before the context's first socket, which starts its threads.
     * What kills one of JeroMQ's I/O threads (an {@code Error}: JeroMQ 0.6.0 catches only runtime
     * exceptions there) fails {@link Part#ZEROMQ}: the thread's sockets are dead with it. A runtime
     * exception that JeroMQ caught and survived (a connection's handler failed; at the end, a listener
     * closed twice by the context's termination) is no failure: it is logged, at debug level while
     * the daemon stops, instead of JeroMQ's default, a stack trace printed on stderr.
     */
    public void watch(ZContext context) {
        context.setUncaughtExceptionHandler(handler(Part.ZEROMQ));
        context.setNotificationExceptionHandler(this::zeroMqNotice);
    }

    /** Once every part runs: where {@link FailureHook} kills the ZeroMQ I/O thread of {@code context}, if asked to. */
    public void partsStarted(ZContext context) {
        hook.strikeZeroMq(context);
    }

    private synchronized void zeroMqNotice(Thread thread, Throwable caught) {
        if (stopping) {
            LOG.log(Level.DEBUG, "ZeroMQ's " + thread.getName() + " while stopping: " + caught, caught);
            return;
        }
        if (zeroMqNotices.shouldLog("zeromq")) {
            zeroMqNotices.log(Level.WARNING, "zeromq", "ZeroMQ's " + thread.getName() + " caught " + caught
                    + " and goes on (the stack trace with -v)");
            LOG.log(Level.DEBUG, "ZeroMQ's " + thread.getName() + " caught", caught);
        }
    }

    /** Records that {@code escaped} ended a thread of {@code part}; logs it once per part with its stack. */
    public void failed(Part part, Throwable escaped) {
        boolean first;
        synchronized (this) {
            Failure before = failures.get(part);
            first = before == null;
            if (failures.isEmpty()) {
                firstFailureNanos = System.nanoTime();
            }
            failures.put(part, new Failure(part, first ? escaped.toString() : before.cause(), first ? 1 : before.count() + 1));
        }
        if (first) {
            LOG.log(Level.ERROR, part.description() + " failed" + (stopping ? " while stopping" : "")
                    + " on thread " + Thread.currentThread().getName() + "; the daemon stops with exit status 1", escaped);
        } else {
            LOG.log(Level.ERROR, part.description() + " failed again: " + escaped);
        }
        onFailure.run();
    }

    /** Every failed part, in {@link Part} order; empty while all run. */
    public synchronized List<Failure> failures() {
        return new ArrayList<>(failures.values());
    }

    /** When the first part failed, as {@link System#nanoTime()} tells time; meaningless while none has. */
    public synchronized long firstFailureNanos() {
        return firstFailureNanos;
    }

    public synchronized boolean anyFailed() {
        return !failures.isEmpty();
    }

    /** From the start of the daemon's stop on: what ZeroMQ reports then is the termination's noise. */
    public void stopping() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }
}
