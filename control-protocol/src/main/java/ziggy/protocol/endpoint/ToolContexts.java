package ziggy.protocol.endpoint;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.zeromq.ZContext;

/**
 * ZeroMQ contexts for the command-line tools and the control client: one I/O thread, and JeroMQ's
 * caught-and-survived exceptions logged at debug level instead of printed on stderr.
 *
 * <p>JeroMQ 0.6.0 has a race when a socket is closed while its connection to a peer that died is
 * being torn down: the I/O thread sends the connection's last acknowledgement to the closed
 * socket's mailbox, and prints a {@code ClosedChannelException} or a {@code NullPointerException}
 * from {@code Ctx.sendCommand} (JeroMQ issues 518 and 983). Nothing is lost, since the socket was
 * closed on purpose, and the thread goes on; but {@code ziggyview -H} printed those stack traces in
 * the middle of its output when it asked a restarted daemon again. An {@code Error} that ends the
 * I/O thread is not caught here: it still reaches the context's uncaught-exception handler.
 */
public final class ToolContexts {
    private static final Logger LOG = System.getLogger(ToolContexts.class.getName());

    private ToolContexts() {
    }

    /** A context with one I/O thread whose survived exceptions go to the debug log. */
    public static ZContext open() {
        ZContext context = new ZContext(1);
        context.setNotificationExceptionHandler((ioThread, caught) ->
                LOG.log(Level.DEBUG, "ZeroMQ's " + ioThread.getName() + " caught and went on", caught));
        return context;
    }
}
