package ziggy.testing;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonBinaryReader;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A control port as ziggyd's answers it when started with {@code --curve-cert}: a JeroMQ REP that is a
 * CURVE server with a given key pair, on 127.0.0.1 and a free port, answering STATUS (a small
 * document), SOCK_STREAM (the port a test sets), and SHUTDOWN: {@code {ok: true}} when the request's
 * {@code token} is the admin token given, else {@code {error: "Not Authorized"}}, as the daemon does.
 * Every request it took is kept, for a test to look at. It is the tools' test peer, so the tools are
 * held to the protocol as written rather than to whatever the daemon's code does today.
 */
public final class CurveControlPeer implements AutoCloseable {
    public static final String NOT_AUTHORIZED = "Not Authorized";
    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

    private final ZContext context = new ZContext(1);
    private final int port = FreePort.pick();
    private final byte[] publicKey;
    private final byte[] secretKey;
    private final String adminToken;
    private final List<BsonDocument> requests = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile int streamPort;
    private volatile boolean stopping;
    private volatile Throwable failure;

    /**
     * Starts answering; returns once the socket is bound.
     *
     * @param publicZ85  the server's public key, 40 characters of Z85
     * @param secretZ85  its secret key
     * @param adminToken the token SHUTDOWN must carry
     */
    public CurveControlPeer(String publicZ85, String secretZ85, String adminToken) {
        this.publicKey = ZMQ.Curve.z85Decode(publicZ85);
        this.secretKey = ZMQ.Curve.z85Decode(secretZ85);
        this.adminToken = adminToken;
        ZMQ.Socket socket = context.createSocket(SocketType.REP);
        socket.setLinger(0);
        socket.setCurveServer(true);
        socket.setCurvePublicKey(publicKey);
        socket.setCurveSecretKey(secretKey);
        socket.setReceiveTimeOut(50);
        socket.bind("tcp://127.0.0.1:" + port);
        thread = new Thread(() -> answer(socket), "curve-control-peer " + port);
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return port;
    }

    /** "127.0.0.1:PORT", as {@code -H} takes it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The port SOCK_STREAM answers with. */
    public void streamPort(int port) {
        this.streamPort = port;
    }

    /**
     * A stream as ziggyd's with --curve-cert: an XPUB in {@code streamContext} serving CURVE with this peer's
     * keys, bound on a free port, which SOCK_STREAM then answers with. The caller publishes [type, event]
     * on it and closes it (or its context).
     */
    public ZMQ.Socket bindCurveStream(ZContext streamContext) {
        ZMQ.Socket stream = streamContext.createSocket(SocketType.XPUB);
        stream.setLinger(0);
        stream.setCurveServer(true);
        stream.setCurvePublicKey(publicKey);
        stream.setCurveSecretKey(secretKey);
        int bound = FreePort.pick();
        stream.bind("tcp://127.0.0.1:" + bound);
        streamPort(bound);
        return stream;
    }

    /** Every request taken so far, in order. */
    public List<BsonDocument> requests() {
        return List.copyOf(requests);
    }

    private void answer(ZMQ.Socket socket) {
        try {
            while (!stopping) {
                byte[] request = socket.recv(0);
                if (request == null) {
                    continue;
                }
                BsonDocument document = decode(request);
                requests.add(document);
                socket.send(encode(reply(document)), 0);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            socket.close();
        }
    }

    private BsonDocument reply(BsonDocument request) {
        BsonValue cmd = request.get("cmd");
        String name = cmd != null && cmd.isString() ? cmd.asString().getValue() : "";
        switch (name) {
            case "STATUS":
                return new BsonDocument("last", BsonNull.VALUE).append("lag", BsonNull.VALUE)
                        .append("events", new BsonDocument("request", new BsonDocument("last", new BsonDouble(1.7e9))
                                .append("count", new BsonInt64(3))))
                        .append("hosts", new BsonDocument())
                        .append("total", new BsonInt64(3))
                        .append("curve", BsonBoolean.TRUE);
            case "SOCK_STREAM":
                return new BsonDocument("port", new BsonInt32(streamPort));
            case "SHUTDOWN":
                BsonValue token = request.get("token");
                if (token != null && token.isString() && token.asString().getValue().equals(adminToken)) {
                    return new BsonDocument("ok", BsonBoolean.TRUE);
                }
                return new BsonDocument("error", new BsonString(NOT_AUTHORIZED));
            default:
                return new BsonDocument("error", new BsonString("Unknown Command"));
        }
    }

    private static BsonDocument decode(byte[] bytes) {
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            return CODEC.decode(reader, DecoderContext.builder().build());
        }
    }

    private static byte[] encode(BsonDocument document) {
        ByteBuffer buffer = new RawBsonDocument(document, CODEC).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
        if (failure != null) {
            throw new AssertionError("the CURVE control peer failed", failure);
        }
    }
}
