package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * The endpoint as a CurveZMQ server, held to libzmq 4.3 (pyzmq) and JeroMQ CURVE clients: authorized
 * ones deliver byte for byte; a NULL client, or one whose key is not authorized, delivers nothing and
 * is counted.
 */
class CurvePeerTest {
    static final ZMQ.Curve.KeyPair SERVER = ZMQ.Curve.generateKeyPair();
    static final ZMQ.Curve.KeyPair CLIENT = ZMQ.Curve.generateKeyPair();
    private static final ZMQ.Curve.KeyPair STRANGER = ZMQ.Curve.generateKeyPair();

    @TempDir
    Path folder;

    private final RecordingHandler handler = new RecordingHandler();
    private ZmtpPullServer server;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    /** The endpoint's keys, from Z85 as ZeroMQ certificates hold them, authorizing {@link #CLIENT} only. */
    static CurveServerKeys serverKeys() {
        return CurveServerKeys.of(ZMQ.Curve.z85Decode(SERVER.publicKey), ZMQ.Curve.z85Decode(SERVER.secretKey))
                .authorizing(List.of(ZMQ.Curve.z85Decode(CLIENT.publicKey)));
    }

    @BeforeEach
    void bind() {
        server = bindWith(serverKeys());
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aLibzmqCurveClientDeliversEveryMessageOfEverySizeByteForByte() {
        List<List<byte[]>> sent = new ArrayList<>(Traffic.sizesThatMatter());
        sent.add(List.of(WireBytes.patterned(1 << 20, 77)));
        sent.add(List.of(WireBytes.patterned(10, 78), WireBytes.patterned(1 << 20, 79), WireBytes.patterned(3, 80)));

        sendFromLibzmq(sent, CLIENT);

        handler.awaitCount(sent.size(), server);
        FrameDecoderTest.assertSameMessages(sent, handler.messages);
        assertEquals(0, server.counters().refusedTotal(), server.counters().toString());
    }

    @Test
    void aLibzmqCurveClientsHeartbeatsAreAnsweredInsideTheBoxSoTheConnectionStays() {
        List<List<byte[]>> sent = List.of(List.of("before".getBytes()), List.of("after a quiet while".getBytes()));

        sendFromLibzmq(sent, CLIENT, "hb=100", "pause=1.5");

        handler.awaitCount(2, server);
        FrameDecoderTest.assertSameMessages(sent, handler.messages);
        assertTrue(server.counters().pongsSent() >= 5, "PONGs sent: " + server.counters().pongsSent());
        assertEquals(1, server.counters().connectionsAccepted(), "libzmq reconnects when its PINGs go unanswered");
    }

    @Test
    void aJeromqCurveClientDelivers() {
        ZMQ.Curve.KeyPair jeromqClient = ZMQ.Curve.generateKeyPair();
        // Also: without an authorized set, any CURVE client is served.
        ZmtpPullServer authorizing = server;
        server = bindWith(serverKeys().authorizingAnyClient());
        try {
            sendFromJeromq(jeromqClient);
        } finally {
            authorizing.close();
        }
    }

    @Test
    void eachMessageIsHandedOnWithTheKeyItsConnectionProved() {
        server.close();
        server = bindWith(serverKeys().authorizingAnyClient());
        ZMQ.Curve.KeyPair first = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair second = ZMQ.Curve.generateKeyPair();

        try (ZContext context = new ZContext()) {
            ZMQ.Socket fromFirst = curvePush(context, first);
            ZMQ.Socket fromSecond = curvePush(context, second);
            for (int i = 0; i < 200; i++) {
                assertTrue(fromFirst.send(("first " + i).getBytes(StandardCharsets.US_ASCII)));
                assertTrue(fromSecond.send(("second " + i).getBytes(StandardCharsets.US_ASCII)));
            }
            handler.awaitCount(400, server);
        }

        for (int i = 0; i < handler.count(); i++) {
            String text = new String(handler.messages.get(i).get(0), StandardCharsets.US_ASCII);
            ZMQ.Curve.KeyPair sender = text.startsWith("first") ? first : second;
            assertArrayEquals(ZMQ.Curve.z85Decode(sender.publicKey), handler.peerKeys.get(i).orElseThrow(), text);
        }
    }

    private ZMQ.Socket curvePush(ZContext context, ZMQ.Curve.KeyPair client) {
        ZMQ.Socket push = context.createSocket(SocketType.PUSH);
        push.setCurveServerKey(ZMQ.Curve.z85Decode(SERVER.publicKey));
        push.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey));
        push.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey));
        push.setSndHWM(0);
        push.connect("tcp://127.0.0.1:" + server.localPort());
        return push;
    }

    private void sendFromJeromq(ZMQ.Curve.KeyPair jeromqClient) {
        List<List<byte[]>> sent = new ArrayList<>(Traffic.tagged(1, 300));
        sent.add(List.of(WireBytes.patterned(0, 1), WireBytes.patterned(70_000, 2)));

        try (ZContext context = new ZContext()) {
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setCurveServerKey(ZMQ.Curve.z85Decode(SERVER.publicKey));
            push.setCurvePublicKey(ZMQ.Curve.z85Decode(jeromqClient.publicKey));
            push.setCurveSecretKey(ZMQ.Curve.z85Decode(jeromqClient.secretKey));
            push.setSndHWM(0);
            push.setHandshakeIvl(1000);
            push.setImmediate(true);
            push.connect("tcp://127.0.0.1:" + server.localPort());
            for (List<byte[]> frames : sent) {
                for (int f = 0; f < frames.size(); f++) {
                    assertTrue(push.send(frames.get(f), f < frames.size() - 1 ? ZMQ.SNDMORE : 0));
                }
            }
            handler.awaitCount(sent.size(), server);
        }
        FrameDecoderTest.assertSameMessages(sent, handler.messages);
        ZmtpCounters counters = server.counters();
        assertEquals(counters.refused(RefusalReason.ABANDONED_HANDSHAKE), counters.refusedTotal(), counters.toString());
    }

    @Test
    void aNullClientDeliversNothingAndIsCounted() {
        Process peer = PythonPeer.start(PythonPeers.LIBZMQ_SENDER, String.valueOf(server.localPort()),
                PythonPeers.messageFile(folder, List.of(List.of("never".getBytes()))).toString(), "1", "pause=30", "linger=0");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().refused(RefusalReason.MECHANISM) >= 1);
            assertEquals(0, handler.count());
        } finally {
            peer.destroyForcibly();
        }
    }

    @Test
    void aCurveClientWhoseKeyIsNotAuthorizedDeliversNothingAndIsCounted() {
        Process peer = PythonPeer.start(PythonPeers.LIBZMQ_SENDER, String.valueOf(server.localPort()),
                PythonPeers.messageFile(folder, List.of(List.of("never".getBytes()))).toString(), "1", "pause=30", "linger=0",
                "serverkey=" + SERVER.publicKey, "publickey=" + STRANGER.publicKey, "secretkey=" + STRANGER.secretKey);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().refused(RefusalReason.UNAUTHORIZED_KEY) >= 1);
            assertEquals(0, handler.count());
        } finally {
            peer.destroyForcibly();
        }
    }

    @Test
    void aCurveClientWithAnotherServerKeyIsRefusedInItsHello() {
        Process peer = PythonPeer.start(PythonPeers.LIBZMQ_SENDER, String.valueOf(server.localPort()),
                PythonPeers.messageFile(folder, List.of(List.of("never".getBytes()))).toString(), "1", "pause=30", "linger=0",
                "mechanism=CURVE");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().refused(RefusalReason.CURVE_HANDSHAKE) >= 1);
            assertEquals(0, handler.count());
        } finally {
            peer.destroyForcibly();
        }
    }

    private ZmtpPullServer bindWith(CurveServerKeys keys) {
        try {
            ZmtpPullServer bound = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", FreePort.pick()),
                    ZmtpOptions.defaults().withCurve(keys), handler);
            bound.start();
            return bound;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void sendFromLibzmq(List<List<byte[]>> messages, ZMQ.Curve.KeyPair client, String... options) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(server.localPort()),
                PythonPeers.messageFile(folder, messages).toString(), "1",
                "serverkey=" + SERVER.publicKey, "publickey=" + client.publicKey, "secretkey=" + client.secretKey));
        args.addAll(List.of(options));
        PythonPeer.run(PythonPeers.LIBZMQ_SENDER, Duration.ofSeconds(30), args.toArray(String[]::new)).assertSuccess();
    }
}
