package ziggy.daemon.watch;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import org.zeromq.ZMQ;

/**
 * The stop of a part that owns one JeroMQ socket and the one thread that uses it (the control port, the
 * stream, the ZAP handler): a JeroMQ socket is not thread-safe, so the thread closes it on its way out;
 * a part that never started its thread closes it here.
 */
public final class SocketThreads {
    private static final Logger LOG = System.getLogger(SocketThreads.class.getName());
    private static final long JOIN_MILLIS = 5_000;

    private SocketThreads() {
    }

    /**
     * After the caller has told {@code thread} to stop (its loop checks a flag at each receive timeout):
     * waits up to 5 s for it to end and close {@code socket}, or closes {@code socket} when the thread never
     * started. From the thread itself (a command that stops its own part), returns at once.
     */
    public static void awaitStop(Thread thread, ZMQ.Socket socket) {
        if (!thread.isAlive()) {
            if (thread.getState() == Thread.State.NEW) {
                socket.close();
            }
            return;
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, thread.getName() + " did not stop within " + JOIN_MILLIS + " ms");
        }
    }
}
