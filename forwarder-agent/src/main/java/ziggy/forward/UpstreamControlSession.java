package ziggy.forward;

import java.time.Duration;

import org.bson.BsonDocument;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.control.ControlException;
import ziggy.protocol.control.ControlLimits;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveClientKeys;

/**
 * The forwarder's COMMITTED session: what {@link ziggy.protocol.control.ControlSession} does (one
 * relaxed, correlating REQ asked again and again, a short first wait, a new socket after a timeout),
 * with the agent's CURVE keys, when it has them, applied to each socket before it dials. A copy kept
 * here until the control session takes keys itself; {@link CommittedQuery} then goes back to it.
 */
final class UpstreamControlSession implements AutoCloseable {
    private static final long FIRST_REPLY_WAIT_MILLIS = 250;

    private final Endpoint endpoint;
    private final Duration timeout;
    private final CurveClientKeys keys;
    private final ZContext context = new ZContext(1);
    private ZMQ.Socket socket;
    private boolean answeredBefore;

    /** {@code keys}: null for a plain connection. */
    UpstreamControlSession(Endpoint endpoint, Duration timeout, CurveClientKeys keys) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.keys = keys;
        context.setLinger(0);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** @throws ControlException when no reply comes within the timeout or the reply is not BSON */
    BsonDocument request(BsonDocument request) {
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
            socket.setReceiveTimeOut((int) Math.max(1, waitMillis));
            byte[] reply = socket.recv(0);
            if (reply != null) {
                answeredBefore = true;
                try {
                    return ControlReplies.decode(reply);
                } catch (IllegalArgumentException e) {
                    throw new ControlException("the control port " + endpoint + " replied with something that is not BSON: "
                            + e.getMessage());
                }
            }
            hangUp();
            if (System.nanoTime() - deadline >= 0) {
                throw new ControlException("no reply from the control port " + endpoint + " within "
                        + timeout.toMillis() + " ms (is ziggyd running there" + (keys == null ? "?)" : ", with this agent's key authorized?)"));
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
        if (keys != null) {
            keys.apply(socket);
        }
        socket.connect(endpoint.zmqConnectAddress());
        answeredBefore = false;
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
