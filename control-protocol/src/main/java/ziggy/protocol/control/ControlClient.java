package ziggy.protocol.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.endpoint.ToolContexts;
import ziggy.protocol.security.AdminToken;
import ziggy.protocol.security.CurveClientKeys;

/**
 * Asks a daemon's control port, and never hangs: a request waits at most the timeout for its reply,
 * then its sockets are closed with linger 0 (a REQ socket that missed its reply cannot send again,
 * so none is reused). A client made by {@link #keptOpen} instead asks over one kept connection (a
 * {@link ControlSession}), for a caller that asks many times a second: a connection per request would
 * load the daemon it watches with connects and handshakes. Not for use by several threads at once.
 *
 * <p>Given {@link CurveClientKeys}, every socket is a CURVE client of the daemon's key. A daemon that
 * speaks CURVE and a client that does not (or that names another key) never complete a handshake:
 * ZeroMQ says nothing to either side, so that shows here as no reply within the timeout.
 */
public final class ControlClient implements AutoCloseable {
    private static final long FIRST_ATTEMPT_WAIT_MILLIS = 250;

    private final Endpoint endpoint;
    private final Duration timeout;
    /** Null for plain (NULL mechanism) connections. */
    private final CurveClientKeys curve;
    private final ZContext context = ToolContexts.open();
    /** Null for a client that connects per request. */
    private final ControlSession session;

    public ControlClient(Endpoint endpoint, Duration timeout) {
        this(endpoint, timeout, (CurveClientKeys) null);
    }

    /** A client whose connections are CURVE clients with {@code curve}'s keys; null: plain connections. */
    public ControlClient(Endpoint endpoint, Duration timeout, CurveClientKeys curve) {
        this(endpoint, timeout, curve, null);
    }

    private ControlClient(Endpoint endpoint, Duration timeout, CurveClientKeys curve, ControlSession session) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.curve = curve;
        this.session = session;
        context.setLinger(0);
    }

    /** A client that keeps one connection for all its requests. */
    public static ControlClient keptOpen(Endpoint endpoint, Duration timeout) {
        return keptOpen(endpoint, timeout, null);
    }

    /** A client that keeps one connection, a CURVE client with {@code curve}'s keys (null: plain), for all its requests. */
    public static ControlClient keptOpen(Endpoint endpoint, Duration timeout, CurveClientKeys curve) {
        return new ControlClient(endpoint, timeout, curve, new ControlSession(endpoint, timeout, curve));
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code request} and returns the reply as it came, error replies included.
     *
     * <p>JeroMQ 0.6.0's connecting side now and then stalls in the ZMTP handshake (about one
     * connection in 300 measured here; libzmq peers do not), and the request waits behind it. A
     * short handshake limit makes JeroMQ drop such a connection and connect again; and when no reply
     * has come after a short wait, the request also goes again on a new socket, with waits that
     * double, while the earlier sockets keep listening: the first reply to arrive is taken. Every
     * command is safe to repeat.
     *
     * @throws ControlException when no reply comes within the timeout or the reply is not BSON
     */
    public BsonDocument request(BsonDocument request) {
        if (session != null) {
            return session.request(request);
        }
        byte[] bytes = ControlReplies.encode(request);
        long deadline = System.nanoTime() + timeout.toNanos();
        long attemptWaitMillis = FIRST_ATTEMPT_WAIT_MILLIS;
        List<ZMQ.Socket> attempts = new ArrayList<>();
        ZMQ.Poller poller = context.createPoller(4);
        try {
            while (true) {
                ZMQ.Socket socket = context.createSocket(SocketType.REQ);
                socket.setLinger(0);
                socket.setHandshakeIvl(Endpoint.HANDSHAKE_LIMIT_MILLIS);
                socket.setMaxMsgSize(ControlLimits.MAX_REPLY_BYTES);
                if (curve != null) {
                    curve.apply(socket);
                }
                socket.connect(endpoint.zmqConnectAddress());
                attempts.add(socket);
                poller.register(socket, ZMQ.Poller.POLLIN);
                if (!socket.send(bytes, ZMQ.DONTWAIT)) {
                    throw new ControlException("cannot send to the control port " + endpoint);
                }
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                long waitUntil = System.nanoTime() + Math.min(remainingMillis, attemptWaitMillis) * 1_000_000;
                for (long wait = Math.min(remainingMillis, attemptWaitMillis); wait > 0;
                        wait = (waitUntil - System.nanoTime()) / 1_000_000) {
                    if (poller.poll(wait) > 0) {
                        for (int i = 0; i < attempts.size(); i++) {
                            if (poller.pollin(i)) {
                                return decodeReply(endpoint, attempts.get(i).recv(ZMQ.DONTWAIT));
                            }
                        }
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw noReply(endpoint, timeout, curve);
                }
                attemptWaitMillis *= 2;
            }
        } finally {
            poller.close();
            for (ZMQ.Socket socket : attempts) {
                socket.close();
            }
        }
    }

    /**
     * What a request that had no reply within {@code timeout} throws. Over CURVE, a wrong server key
     * looks exactly like a daemon that is not there, so the message says which key was used.
     */
    static ControlException noReply(Endpoint endpoint, Duration timeout, CurveClientKeys curve) {
        String hint = curve == null ? "is ziggyd running there?"
                : "is ziggyd running there, with CURVE and the public key " + curve.serverKeyZ85() + "?";
        return new ControlException("no reply from the control port " + endpoint + " within "
                + timeout.toMillis() + " ms (" + hint + ")");
    }

    /** A reply as a document; an empty or non-BSON one is a {@link ControlException} naming {@code endpoint}. */
    static BsonDocument decodeReply(Endpoint endpoint, byte[] reply) {
        if (reply == null) {
            throw new ControlException("the control port " + endpoint + " sent an empty reply");
        }
        try {
            return ControlReplies.decode(reply);
        } catch (IllegalArgumentException e) {
            throw new ControlException("the control port " + endpoint + " replied with something that is not BSON: "
                    + e.getMessage());
        }
    }

    /**
     * Sends a command and returns its reply; an error reply becomes a {@link ControlException}, a
     * refusal of an admin command a {@link NotAuthorizedException}.
     */
    public BsonDocument command(ControlCommand command) {
        return command(command, command.request());
    }

    /**
     * Sends an admin command with the daemon's admin token (the {@code token} field; null sends none,
     * for a client whose CURVE key is an admin's).
     *
     * @throws NotAuthorizedException when the daemon answers {@code Not Authorized}
     */
    public BsonDocument adminCommand(ControlCommand command, String adminToken) {
        BsonDocument request = command.request();
        if (adminToken != null) {
            request.append(AdminToken.FIELD, new BsonString(adminToken));
        }
        return command(command, request);
    }

    private BsonDocument command(ControlCommand command, BsonDocument request) {
        BsonDocument reply = request(request);
        ControlReplies.errorOf(reply).ifPresent(error -> {
            if (error.equals(ControlReplies.NOT_AUTHORIZED)) {
                throw new NotAuthorizedException(endpoint + " refused " + command + ": " + error);
            }
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

    /**
     * Asks the daemon to stop cleanly, with its admin token (null: none, for an admin CURVE key);
     * returns once it has said {@code ok}.
     *
     * @throws NotAuthorizedException when the daemon refuses
     */
    public void shutdown(String adminToken) {
        adminCommand(ControlCommand.SHUTDOWN, adminToken);
    }

    /**
     * Asks the daemon to re-read its configuration; returns its reply ({@code applied},
     * {@code restart_needed}).
     *
     * @throws NotAuthorizedException when the daemon refuses
     * @throws ControlException when the configuration is bad (the daemon changed nothing)
     */
    public BsonDocument reload(String adminToken) {
        return adminCommand(ControlCommand.RELOAD, adminToken);
    }

    /**
     * Sets the daemon's own log level for {@code logger} (null: all of ziggyd's); returns the reply
     * ({@code logger}, {@code level}, {@code was}).
     */
    public BsonDocument logLevel(String level, String logger, String adminToken) {
        BsonDocument request = ControlCommand.LOG_LEVEL.request().append(ControlReplies.LEVEL, new BsonString(level));
        if (logger != null) {
            request.append(ControlReplies.LOGGER, new BsonString(logger));
        }
        if (adminToken != null) {
            request.append(AdminToken.FIELD, new BsonString(adminToken));
        }
        return command(ControlCommand.LOG_LEVEL, request);
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
        if (session != null) {
            session.close();
        }
        context.close();
    }
}
