package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;
import ziggy.testing.FreePort;

/**
 * A CURVE client played by hand that breaks the handshake or the boxes one way at a time: malformed
 * HELLO and INITIATE, changed boxes, cookie and vouch, a replayed nonce. Each is refused, closed and
 * counted under its reason, and a good client delivers right after.
 */
class CurveHandshakeFuzzTest {
    private static final int MAX_MESSAGE = 100_000;
    private static final byte[] SERVER_PUBLIC = ZMQ.Curve.z85Decode(CurvePeerTest.SERVER.publicKey);
    private static final byte[] CLIENT_PUBLIC = ZMQ.Curve.z85Decode(CurvePeerTest.CLIENT.publicKey);
    private static final byte[] CLIENT_SECRET = ZMQ.Curve.z85Decode(CurvePeerTest.CLIENT.secretKey);

    private final RecordingHandler handler = new RecordingHandler();
    private ZmtpPullServer server;

    @BeforeEach
    void bind() throws IOException {
        server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", FreePort.pick()),
                ZmtpOptions.defaults().withCurve(CurvePeerTest.serverKeys()).withMaxMessageBytes(MAX_MESSAGE)
                        .withHandshakeTimeout(Duration.ofSeconds(5)), handler);
        server.start();
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aHelloOfTheWrongSizeIsRefused() throws IOException {
        try (RawCurveClient client = greeted()) {
            byte[] hello = client.hello();
            client.socket.send(RawCurveClient.command(java.util.Arrays.copyOf(hello, 199)));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void aHelloOfAnotherVersionIsRefused() throws IOException {
        try (RawCurveClient client = greeted()) {
            byte[] hello = client.hello();
            hello[6] = 2;
            client.socket.send(RawCurveClient.command(hello));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void aHelloWhoseTransientKeyIsOfSmallOrderIsRefusedBeforeItsBoxIsOpened() throws IOException {
        try (RawCurveClient client = greeted()) {
            byte[] hello = client.hello();
            java.util.Arrays.fill(hello, 80, 112, (byte) 0); // C' = 0: every shared secret with it is zero
            client.socket.send(RawCurveClient.command(hello));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void aHelloWithAChangedBoxIsRefused() throws IOException {
        try (RawCurveClient client = greeted()) {
            byte[] hello = client.hello();
            hello[150] ^= 1;
            client.socket.send(RawCurveClient.command(hello));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void anInitiateInsteadOfAHelloIsRefused() throws IOException {
        try (RawCurveClient client = greeted()) {
            byte[] notHello = new byte[260];
            ByteBuffer.wrap(notHello).put((byte) 8).put("INITIATE".getBytes(StandardCharsets.US_ASCII));
            client.socket.send(RawCurveClient.command(notHello));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void aMessageBeforeTheHandshakeIsRefused() throws IOException {
        try (RawCurveClient client = greeted()) {
            client.socket.send(RawCurveClient.frame("in clear".getBytes(StandardCharsets.US_ASCII)));
            assertRefused(client, RefusalReason.PROTOCOL_ERROR);
        }
    }

    @Test
    void aShortInitiateIsRefused() throws IOException {
        try (RawCurveClient client = welcomed()) {
            byte[] initiate = client.initiate("PUSH");
            client.socket.send(RawCurveClient.command(java.util.Arrays.copyOf(initiate, 256)));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void anInitiateWithAChangedCookieIsRefused() throws IOException {
        try (RawCurveClient client = welcomed()) {
            byte[] initiate = client.initiate("PUSH");
            initiate[40] ^= 0x20;
            client.socket.send(RawCurveClient.command(initiate));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void anInitiateWithAChangedBoxIsRefused() throws IOException {
        try (RawCurveClient client = welcomed()) {
            byte[] initiate = client.initiate("PUSH");
            initiate[initiate.length - 1] ^= 1;
            client.socket.send(RawCurveClient.command(initiate));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void anInitiateClaimingAnAuthorizedKeyWithoutItsSecretIsRefused() throws IOException {
        ZMQ.Curve.KeyPair impostor = ZMQ.Curve.generateKeyPair();
        try (RawCurveClient client = RawCurveClient.greeted(server.localPort(), SERVER_PUBLIC, CLIENT_PUBLIC,
                ZMQ.Curve.z85Decode(impostor.secretKey))) {
            client.socket.send(RawCurveClient.command(client.hello()));
            client.readWelcome();
            client.socket.send(RawCurveClient.command(client.initiate("PUSH")));
            assertRefused(client, RefusalReason.CURVE_HANDSHAKE);
        }
    }

    @Test
    void anInitiateOfAnotherSocketTypeIsRefused() throws IOException {
        try (RawCurveClient client = welcomed()) {
            client.socket.send(RawCurveClient.command(client.initiate("DEALER")));
            assertRefused(client, RefusalReason.SOCKET_TYPE);
        }
    }

    @Test
    void aMessageWithAChangedBoxIsRefusedAfterTheOnesBefore() throws IOException {
        try (RawCurveClient client = handshaken()) {
            client.socket.send(RawCurveClient.frame(client.message(0, bytes("first"))));
            byte[] forged = client.message(0, bytes("second"));
            forged[20] ^= 4;
            client.socket.send(RawCurveClient.frame(forged));
            assertRefused(client, RefusalReason.CURVE_BOX);
        }
        assertEquals("first", text(handler.messages.get(0).get(0)));
    }

    @Test
    void aMessageWithTheLastByteOfItsMacChangedIsRefused() throws IOException {
        try (RawCurveClient client = handshaken()) {
            byte[] forged = client.message(0, bytes("forged"));
            forged[31] ^= 1;
            client.socket.send(RawCurveClient.frame(forged));
            assertRefused(client, RefusalReason.CURVE_BOX);
        }
    }

    @Test
    void aReplayedMessageIsRefused() throws IOException {
        try (RawCurveClient client = handshaken()) {
            byte[] message = RawCurveClient.frame(client.message(0, bytes("once")));
            client.socket.send(message);
            client.socket.send(message);
            assertRefused(client, RefusalReason.CURVE_NONCE);
        }
        assertEquals(1, handler.count() - 1, "the good client's message besides the first");
        assertEquals("once", text(handler.messages.get(0).get(0)));
    }

    @Test
    void aFrameThatIsNotAMessageAfterTheHandshakeIsRefused() throws IOException {
        try (RawCurveClient client = handshaken()) {
            client.socket.send(RawCurveClient.frame(new byte[40]));
            assertRefused(client, RefusalReason.CURVE_BOX);
        }
    }

    @Test
    void multipartMessagesArriveWholeEvenInPieces() throws IOException {
        try (RawCurveClient client = handshaken()) {
            byte[] wire = concat(
                    RawCurveClient.frame(client.message(1, bytes("a"))),
                    RawCurveClient.frame(client.message(1, WireBytes.patterned(300, 1))),
                    RawCurveClient.frame(client.message(0, bytes(""))),
                    RawCurveClient.frame(client.message(0, bytes("single"))));
            for (int i = 0; i < wire.length; i += 7) {
                client.socket.send(java.util.Arrays.copyOfRange(wire, i, Math.min(wire.length, i + 7)));
            }
            handler.awaitCount(2, server);
        }
        FrameDecoderTest.assertSameMessages(List.of(List.of(bytes("a"), WireBytes.patterned(300, 1), bytes("")),
                List.of(bytes("single"))), handler.messages);
    }

    @Test
    void aPingIsAnsweredWithABoxedPongCarryingItsContext() throws IOException {
        try (RawCurveClient client = handshaken()) {
            byte[] ping = ByteBuffer.allocate(1 + 4 + 2 + 3).put((byte) 4).put(bytes("PING")).putShort((short) 100)
                    .put(bytes("abc")).array();
            client.socket.send(RawCurveClient.frame(client.message(2, ping)));
            byte[] pong = client.readMessage();
            assertArrayEquals(concat(new byte[] {2, 4}, bytes("PONG"), bytes("abc")), pong);
        }
        assertEquals(1, server.counters().pongsSent());
    }

    @Test
    void anOversizedMessageIsSkippedWithItsOtherFramesAndTheNextArrives() throws IOException {
        try (RawCurveClient client = handshaken()) {
            client.socket.send(concat(
                    RawCurveClient.frame(client.message(1, WireBytes.patterned(10, 1))),
                    RawCurveClient.frame(client.message(1, WireBytes.patterned(MAX_MESSAGE, 2))),
                    RawCurveClient.frame(client.message(0, WireBytes.patterned(10, 3))),
                    RawCurveClient.frame(client.message(0, bytes("next")))));
            handler.awaitCount(1, server);
        }
        assertEquals("next", text(handler.messages.get(0).get(0)));
        assertEquals(1, server.counters().oversizedMessages());
        assertEquals(0, server.counters().refusedTotal(), server.counters().toString());
    }

    private RawCurveClient greeted() throws IOException {
        return RawCurveClient.greeted(server.localPort(), SERVER_PUBLIC, CLIENT_PUBLIC, CLIENT_SECRET);
    }

    private RawCurveClient welcomed() throws IOException {
        RawCurveClient client = greeted();
        client.socket.send(RawCurveClient.command(client.hello()));
        client.readWelcome();
        return client;
    }

    private RawCurveClient handshaken() throws IOException {
        return RawCurveClient.handshaken(server.localPort(), SERVER_PUBLIC, CLIENT_PUBLIC, CLIENT_SECRET);
    }

    /** The endpoint closed the connection for {@code reason}; a good client then delivers. */
    private void assertRefused(RawCurveClient client, RefusalReason reason) throws IOException {
        assertTrue(client.socket.closedWithin(5_000), "the endpoint closed the connection");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertEquals(1, server.counters().refused(reason), server.counters().toString()));
        assertEquals(1, server.counters().refusedTotal(), server.counters().toString());
        int before = handler.count();
        try (RawCurveClient good = handshaken()) {
            good.socket.send(RawCurveClient.frame(good.message(0, bytes("still served"))));
            handler.awaitCount(before + 1, server);
        }
        assertEquals("still served", text(handler.messages.get(before).get(0)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
