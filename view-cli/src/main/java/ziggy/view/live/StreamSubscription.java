package ziggy.view.live;

import java.nio.charset.StandardCharsets;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveClientKeys;

/**
 * One SUB socket on one daemon's stream port, kept for as long as that port is the daemon's: a
 * socket closed with messages in it loses them, and a new subscription takes a moment to reach the
 * publisher, during which events are not sent to it. ZeroMQ itself redials a dropped connection
 * and sends the subscription again.
 *
 * <p>The stream carries messages of two frames, the event's type (UTF-8) and its BSON bytes; the
 * socket subscribes to the type filter's prefix, which ZeroMQ matches against the first frame.
 */
final class StreamSubscription implements AutoCloseable {
    /** An event is at most 16 MiB (BSON's limit, which the daemon enforces); its type frame is far less. */
    static final long MAX_FRAME_BYTES = 16L << 20;
    /**
     * The daemon's XPUB drops a subscriber's messages beyond its 10,000; as many again held here
     * let a burst at the daemon's full rate wait while the terminal catches up.
     */
    static final int RECEIVE_HIGH_WATER_MARK = 50_000;

    private final ZMQ.Socket socket;
    private final int port;
    private final Runnable notAnEvent;

    /**
     * @param receiveWaitMillis how long {@link #receive()} waits for a message
     * @param notAnEvent told of each message that is not [type, event], which is skipped
     */
    StreamSubscription(ZContext context, String host, int port, String typePrefix, int receiveWaitMillis, Runnable notAnEvent) {
        this(context, host, port, typePrefix, receiveWaitMillis, null, notAnEvent);
    }

    /** As the other constructor, a CURVE client with {@code curve}'s keys (null: plain), as the daemon's stream is with --curve-cert. */
    StreamSubscription(ZContext context, String host, int port, String typePrefix, int receiveWaitMillis, CurveClientKeys curve,
            Runnable notAnEvent) {
        this.port = port;
        this.notAnEvent = notAnEvent;
        socket = context.createSocket(SocketType.SUB);
        socket.setLinger(0);
        socket.setMaxMsgSize(MAX_FRAME_BYTES);
        socket.setRcvHWM(RECEIVE_HIGH_WATER_MARK);
        socket.setReceiveTimeOut(receiveWaitMillis);
        // A greeting JeroMQ leaves stuck is dialled again within a second.
        socket.setHandshakeIvl(Endpoint.HANDSHAKE_LIMIT_MILLIS);
        if (curve != null) {
            curve.apply(socket);
        }
        socket.subscribe(typePrefix.getBytes(StandardCharsets.UTF_8));
        socket.connect("tcp://" + host + ":" + port);
    }

    int port() {
        return port;
    }

    /** The next event's BSON bytes, waiting at most the receive wait; null when none came (or it was not an event). */
    byte[] receive() {
        return next(0);
    }

    /** The next event already received, without waiting; null when there is none. */
    byte[] receiveNow() {
        return next(ZMQ.DONTWAIT);
    }

    private byte[] next(int flags) {
        byte[] type = socket.recv(flags);
        if (type == null) {
            return null;
        }
        // The frames of one message arrive together: these do not wait.
        byte[] event = socket.hasReceiveMore() ? socket.recv(0) : null;
        boolean extraFrames = false;
        while (socket.hasReceiveMore()) {
            socket.recv(0);
            extraFrames = true;
        }
        if (event == null || extraFrames) {
            notAnEvent.run();
            return null;
        }
        return event;
    }

    @Override
    public void close() {
        socket.close();
    }
}
