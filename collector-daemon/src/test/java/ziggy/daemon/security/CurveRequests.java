package ziggy.daemon.security;

import java.time.Duration;

import org.bson.BsonDocument;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveClientKeys;

/**
 * Control requests from JeroMQ REQ sockets, over CURVE or plain. JeroMQ 0.6.0's connecting side now
 * and then stalls in its handshake (docs/protocol.md), CURVE's included: {@link #ask} tries fresh
 * sockets, each with a 1 s handshake limit, until one answers; {@link #askOnce} tries one, for a client
 * that must get no answer.
 */
final class CurveRequests {
    private static final int ATTEMPT_MILLIS = 1000;

    private CurveRequests() {
    }

    /** The reply, from the first of several fresh sockets that gets one; null when none did within {@code limit}. */
    static BsonDocument ask(ZContext zmq, Endpoint at, CurveClientKeys keys, BsonDocument request, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            BsonDocument reply = askOnce(zmq, at, keys, request, ATTEMPT_MILLIS);
            if (reply != null) {
                return reply;
            }
        } while (System.nanoTime() < deadline);
        return null;
    }

    /** One request on one fresh socket: over CURVE with {@code keys}, plain when null; null without a reply in time. */
    static BsonDocument askOnce(ZContext zmq, Endpoint at, CurveClientKeys keys, BsonDocument request, int timeoutMillis) {
        try (ZMQ.Socket req = zmq.createSocket(SocketType.REQ)) {
            req.setLinger(0);
            req.setReceiveTimeOut(timeoutMillis);
            req.setHandshakeIvl(ATTEMPT_MILLIS);
            if (keys != null) {
                keys.apply(req);
            }
            req.connect(at.zmqConnectAddress());
            req.send(ControlReplies.encode(request), 0);
            byte[] reply = req.recv(0);
            return reply == null ? null : ControlReplies.decode(reply);
        }
    }
}
