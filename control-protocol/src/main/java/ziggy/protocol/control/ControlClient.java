package ziggy.protocol.control;

import java.time.Duration;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.endpoint.Endpoint;

/**
 * Asks a daemon's control port, and never hangs: each request uses a fresh REQ socket that waits at
 * most the timeout for the reply, then is closed with linger 0 (a REQ socket that missed its reply
 * cannot send again, so none is reused). Thread-safe: requests do not share a socket.
 */
public final class ControlClient implements AutoCloseable {
    private final Endpoint endpoint;
    private final Duration timeout;
    private final ZContext context = new ZContext(1);

    public ControlClient(Endpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        context.setLinger(0);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code request} and returns the reply as it came, error replies included.
     *
     * @throws ControlException when no reply comes within the timeout or the reply is not BSON
     */
    public BsonDocument request(BsonDocument request) {
        ZMQ.Socket socket = context.createSocket(SocketType.REQ);
        try {
            socket.setLinger(0);
            socket.setReceiveTimeOut((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            socket.connect(endpoint.zmqConnectAddress());
            if (!socket.send(ControlReplies.encode(request), 0)) {
                throw new ControlException("cannot send to the control port " + endpoint);
            }
            byte[] reply = socket.recv(0);
            if (reply == null) {
                throw new ControlException("no reply from the control port " + endpoint + " within "
                        + timeout.toMillis() + " ms (is ziggyd running there?)");
            }
            try {
                return ControlReplies.decode(reply);
            } catch (IllegalArgumentException e) {
                throw new ControlException("the control port " + endpoint + " replied with something that is not BSON: "
                        + e.getMessage());
            }
        } finally {
            socket.close();
        }
    }

    /** Sends a command and returns its reply; an error reply becomes a {@link ControlException}. */
    public BsonDocument command(ControlCommand command) {
        BsonDocument reply = request(command.request());
        ControlReplies.errorOf(reply).ifPresent(error -> {
            throw new ControlException(endpoint + " answered " + command + " with an error: " + error);
        });
        return reply;
    }

    /** The STATUS reply; see {@link StatusKeys}. */
    public BsonDocument status() {
        return command(ControlCommand.STATUS);
    }

    /** The live stream's port (SOCK_STREAM). */
    public int streamPort() {
        return portOf(ControlCommand.SOCK_STREAM);
    }

    /** The collect socket's port (SOCK_COLLECT). */
    public int collectPort() {
        return portOf(ControlCommand.SOCK_COLLECT);
    }

    /** Asks the daemon to stop cleanly; returns once it has said {@code ok}. */
    public void shutdown() {
        command(ControlCommand.SHUTDOWN);
    }

    private int portOf(ControlCommand command) {
        BsonValue port = command(command).get(ControlReplies.PORT);
        if (port == null || !port.isNumber()) {
            throw new ControlException(endpoint + " answered " + command + " without a port");
        }
        return port.asNumber().intValue();
    }

    @Override
    public void close() {
        context.close();
    }
}
