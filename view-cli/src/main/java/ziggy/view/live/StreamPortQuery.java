package ziggy.view.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.ControlException;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveClientKeys;

/**
 * Asks a daemon's control port for its stream port (SOCK_STREAM) without holding up the caller:
 * {@link #ask()} sends, {@link #poll()} looks for the reply, so the live stream goes on printing
 * while a daemon that is down or busy takes its time; {@link #await} waits, for the first ask.
 *
 * <p>As {@link ziggy.protocol.control.ControlClient} does, a request with no reply after a short
 * wait goes again on a fresh REQ socket, with waits that double, while the earlier ones keep
 * listening (JeroMQ now and then stalls in a fresh handshake), and the first reply to come is taken.
 * It has its own sockets rather than that client's because that client waits for its answer, and the
 * live stream must go on printing meanwhile. Each socket has a message size limit, as that client's
 * have: a peer on the control port announcing a 1 GiB frame must not make JeroMQ allocate it (JeroMQ
 * drops such a connection instead, and the ask ends as one without a reply).
 */
final class StreamPortQuery implements AutoCloseable {
    /** The reply is {@code {port: N}}, a few dozen bytes; anything near this is not a daemon's. */
    static final long MAX_REPLY_BYTES = 64 << 10;
    private static final long FIRST_RESEND_NANOS = Duration.ofMillis(250).toNanos();

    private final ZContext context;
    private final Endpoint control;
    private final Duration timeout;
    /** Null for plain connections. */
    private final CurveClientKeys curve;
    private final byte[] request = ControlReplies.encode(ControlCommand.SOCK_STREAM.request());
    private final List<ZMQ.Socket> attempts = new ArrayList<>();
    private long askedAt;
    private long resendAt;
    private long resendWait;

    StreamPortQuery(ZContext context, Endpoint control, Duration timeout, CurveClientKeys curve) {
        this.curve = curve;
        this.context = context;
        this.control = control;
        this.timeout = timeout;
    }

    /** Whether an ask is under way (sent, neither answered nor timed out). */
    boolean asking() {
        return !attempts.isEmpty();
    }

    /** Sends SOCK_STREAM, unless an ask is already under way. */
    void ask() {
        if (asking()) {
            return;
        }
        askedAt = System.nanoTime();
        resendWait = FIRST_RESEND_NANOS;
        send(askedAt);
    }

    /**
     * The port of the reply that came, or empty while none has; the ask is over once this returns
     * a port or throws.
     *
     * @throws ControlException when the timeout passed without a reply, or the reply names no port
     */
    OptionalInt poll() {
        for (ZMQ.Socket attempt : attempts) {
            byte[] reply = attempt.recv(ZMQ.DONTWAIT);
            if (reply != null) {
                closeAttempts();
                return OptionalInt.of(portIn(reply));
            }
        }
        long now = System.nanoTime();
        if (now - askedAt >= timeout.toNanos()) {
            closeAttempts();
            String hint = curve == null ? "is ziggyd running there?"
                    : "is ziggyd running there, with CURVE and the public key " + curve.serverKeyZ85() + "?";
            throw new ControlException("no reply from the control port " + control + " within "
                    + timeout.toMillis() + " ms (" + hint + ")");
        }
        if (now - resendAt >= 0) {
            send(now);
        }
        return OptionalInt.empty();
    }

    /**
     * Asks and waits for the answer, looking at {@code givenUp} every {@code checkMillis}; empty
     * when it said to give up first.
     *
     * @throws ControlException as {@link #poll()}
     */
    OptionalInt await(BooleanSupplier givenUp, long checkMillis) {
        ask();
        while (!givenUp.getAsBoolean()) {
            OptionalInt port = poll();
            if (port.isPresent()) {
                return port;
            }
            waitForAReply(checkMillis);
        }
        closeAttempts();
        return OptionalInt.empty();
    }

    private void waitForAReply(long atMostMillis) {
        long now = System.nanoTime();
        long untilDueMillis = Math.min(resendAt - now, askedAt + timeout.toNanos() - now) / 1_000_000;
        ZMQ.Poller poller = context.createPoller(attempts.size());
        try {
            attempts.forEach(attempt -> poller.register(attempt, ZMQ.Poller.POLLIN));
            poller.poll(Math.max(1, Math.min(atMostMillis, untilDueMillis)));
        } finally {
            poller.close();
        }
    }

    private void send(long now) {
        ZMQ.Socket socket = context.createSocket(SocketType.REQ);
        socket.setLinger(0);
        socket.setMaxMsgSize(MAX_REPLY_BYTES);
        socket.setHandshakeIvl(Endpoint.HANDSHAKE_LIMIT_MILLIS);
        if (curve != null) {
            curve.apply(socket);
        }
        socket.connect(control.zmqConnectAddress());
        attempts.add(socket);
        if (!socket.send(request, ZMQ.DONTWAIT)) {
            closeAttempts();
            throw new ControlException("cannot send to the control port " + control);
        }
        resendAt = now + resendWait;
        resendWait *= 2;
    }

    private int portIn(byte[] reply) {
        BsonDocument document;
        try {
            document = ControlReplies.decode(reply);
        } catch (IllegalArgumentException e) {
            throw new ControlException("the control port " + control + " replied with something that is not BSON: " + e.getMessage());
        }
        ControlReplies.errorOf(document).ifPresent(error -> {
            throw new ControlException(control + " answered SOCK_STREAM with an error: " + error);
        });
        BsonValue port = document.get(ControlReplies.PORT);
        if (port == null || !port.isNumber() || port.asNumber().intValue() < 1 || port.asNumber().intValue() > 65_535) {
            throw new ControlException(control + " answered SOCK_STREAM without a port");
        }
        return port.asNumber().intValue();
    }

    private void closeAttempts() {
        attempts.forEach(ZMQ.Socket::close);
        attempts.clear();
    }

    @Override
    public void close() {
        closeAttempts();
    }
}
