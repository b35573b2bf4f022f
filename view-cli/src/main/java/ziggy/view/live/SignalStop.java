package ziggy.view.live;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes Ctrl-C (SIGINT) or SIGTERM end a long-running command cleanly with exit status 0: a
 * shutdown hook asks the work to stop, waits for it to finish (its output flushed), then halts the
 * JVM with status 0. Without it the JVM would exit with 130 after a Ctrl-C, in the middle of a line.
 *
 * <p>Closed in a finally block around the work: closing it when the work ended on its own removes
 * the hook, so an ordinary exit keeps its own status.
 */
public final class SignalStop implements AutoCloseable {
    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean signalled;

    /** {@code requestStop} must make the work return soon; the hook waits {@code grace} for it at most. */
    public SignalStop(Runnable requestStop, Duration grace) {
        hook = new Thread(() -> {
            signalled = true;
            requestStop.run();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(0);
        }, "ziggy-signal-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        if (signalled) {
            finished.countDown();
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownUnderWay) {
            // A signal came between the check and the removal: let the hook finish the exit.
            finished.countDown();
        }
    }
}
