package ziggy.protocol.control;

import java.time.Duration;

import org.bson.BsonDocument;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.endpoint.ToolContexts;
import ziggy.protocol.security.CurveClientKeys;

/**
 * Asks the same control port again and again over one connection, for a caller that asks several
 * times a second (the forwarder's {@code COMMITTED}). {@link ControlClient} makes a socket per request,
 * which is right for a tool that asks once; asked every 100 ms, that is a TCP connection and a ZMTP
 * handshake every 100 ms, and JeroMQ 0.6.0 stalls in about one handshake in 300, which cost the
 * asking thread 250 ms each time.
 *
 * <p>The socket is a REQ made relaxed and correlating, so a reply that never came does not wedge it:
 * the next request goes out and a late reply to an earlier one is discarded. A socket that has not
 * answered yet (a new one, perhaps stuck in its handshake) gets a short first wait and is then
 * replaced; one that has answered before gets the whole timeout. A request that times out closes the
 * socket, and the next request dials again. Not for use by several threads at once.
 */
public final class ControlSession implements AutoCloseable {
    private static final long FIRST_REPLY_WAIT_MILLIS = 250;

    private final Endpoint endpoint;
    private final Duration timeout;
    /** Null for plain (NULL mechanism) connections. */
    private final CurveClientKeys curve;
    private final ZContext context = ToolContexts.open();
    private ZMQ.Socket socket;
    private boolean answeredBefore;

    public ControlSession(Endpoint endpoint, Duration timeout) {
        this(endpoint, timeout, null);
    }

    /** A session whose connection is a CURVE client with {@code curve}'s keys; null: a plain one. */
    public ControlSession(Endpoint endpoint, Duration timeout, CurveClientKeys curve) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.curve = curve;
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
        byte[] bytes = ControlReplies.encode(request);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (socket == null) {
                dial();
            }
            if (!socket.send(bytes, ZMQ.DONTWAIT)) {
                hangUp();
                throw new ControlException("cannot send to the control port " + endpoint);
            }
            long remainingMillis = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            long waitMillis = answeredBefore ? remainingMillis : Math.min(remainingMillis, FIRST_REPLY_WAIT_MILLIS);
            byte[] reply = receive(waitMillis);
            if (reply != null) {
                answeredBefore = true;
                return ControlClient.decodeReply(endpoint, reply);
            }
            hangUp();
            if (System.nanoTime() - deadline >= 0) {
                throw ControlClient.noReply(endpoint, timeout, curve);
            }
        }
    }

    private void dial() {
        socket = context.createSocket(SocketType.REQ);
        socket.setLinger(0);
        socket.setReqRelaxed(true);
        socket.setReqCorrelate(true);
        socket.setHandshakeIvl(Endpoint.HANDSHAKE_LIMIT_MILLIS);
        socket.setMaxMsgSize(ControlLimits.MAX_REPLY_BYTES);
        if (curve != null) {
            curve.apply(socket);
        }
        socket.connect(endpoint.zmqConnectAddress());
        answeredBefore = false;
    }

    private byte[] receive(long waitMillis) {
        socket.setReceiveTimeOut((int) Math.max(1, waitMillis));
        return socket.recv(0);
    }

    private void hangUp() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public void close() {
        hangUp();
        context.close();
    }
}
