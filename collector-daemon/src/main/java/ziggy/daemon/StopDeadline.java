package ziggy.daemon;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;

import ziggy.cli.ExitStatus;

/**
 * Ends the process with status 1 when a stop outlives its time ({@code --stop-timeout}), whatever
 * holds it: a JeroMQ context whose I/O thread died waits in {@code ZContext.close} forever, and so
 * would SIGTERM without this. It first logs where the stopping thread is stuck.
 */
final class StopDeadline {
    private static final Logger LOG = System.getLogger(StopDeadline.class.getName());

    private StopDeadline() {
    }

    /** From now on, the calling thread (the one that stops the daemon) has {@code timeout} to end the process. */
    static void start(Duration timeout) {
        Thread stopping = Thread.currentThread();
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Throwable where = new Throwable("where " + stopping.getName() + " waits");
            where.setStackTrace(stopping.getStackTrace());
            LOG.log(Level.ERROR, "the stop did not end within " + timeout.toSeconds() + " s (--stop-timeout); ending the"
                    + " process with exit status 1", where);
            System.err.flush();
            Runtime.getRuntime().halt(ExitStatus.RUNTIME_FAILURE);
        }, "ziggy-stop-deadline");
        deadline.setDaemon(true);
        deadline.start();
    }
}
