package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/** The endpoint held to libzmq 4.3 (pyzmq) PUSH sockets, which speak ZMTP 3.1. */
class LibzmqPeerTest {
    @TempDir
    Path folder;

    private final RecordingHandler handler = new RecordingHandler();
    private ZmtpPullServer server;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @BeforeEach
    void bind() throws IOException {
        server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", FreePort.pick()), ZmtpOptions.defaults(), handler);
        server.start();
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void everyMessageOfEverySizeArrivesByteForByteInOrder() {
        List<List<byte[]>> sent = Traffic.sizesThatMatter();

        send(sent, 1);

        handler.awaitCount(sent.size(), server);
        FrameDecoderTest.assertSameMessages(sent, handler.messages);
        assertEquals(0, server.counters().refusedTotal());
    }

    @Test
    void manyConnectionsAtOnceEachKeepTheirOrder() {
        int connections = 24;
        List<List<byte[]>> sent = Traffic.tagged(connections, 500);

        send(sent, connections);

        handler.awaitCount(sent.size(), server);
        Traffic.assertInOrderPerConnection(sent, connections, handler.messages);
        assertEquals(connections, server.counters().connectionsAccepted());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().connectionsOpen() == 0);
        assertEquals(0, server.counters().truncatedMessages());
    }

    @Test
    void heartbeatsAreAnsweredSoTheConnectionStays() {
        List<List<byte[]>> sent = List.of(List.of("before".getBytes()), List.of("after a quiet while".getBytes()));

        send(sent, 1, "hb=100", "pause=1.5");

        await().atMost(Duration.ofSeconds(10)).until(() -> handler.count() == 2);
        FrameDecoderTest.assertSameMessages(sent, handler.messages);
        assertTrue(server.counters().pongsSent() >= 5, "PONGs sent: " + server.counters().pongsSent());
        assertEquals(1, server.counters().connectionsAccepted(), "libzmq reconnects when its PINGs go unanswered");
    }

    @Test
    void oversizedMessagesAreSkippedAndTheOthersArrive() throws IOException {
        server.close();
        server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", FreePort.pick()),
                ZmtpOptions.defaults().withMaxMessageBytes(100_000), handler);
        server.start();
        List<byte[]> small = List.of(WireBytes.patterned(10, 1), WireBytes.patterned(20, 2), WireBytes.patterned(30, 3),
                WireBytes.patterned(40, 4));
        List<List<byte[]>> sent = List.of(
                List.of(small.get(0)),
                List.of(WireBytes.patterned(200_000, 5)),
                List.of(small.get(1)),
                List.of(WireBytes.patterned(50_000, 6), WireBytes.patterned(60_000, 7)),
                List.of(small.get(2)),
                List.of(WireBytes.patterned(4 << 20, 8)),
                List.of(small.get(3)));

        send(sent, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> handler.count() == 4 && handler.oversized.size() == 3);
        FrameDecoderTest.assertSameMessages(List.of(sent.get(0), sent.get(2), sent.get(4), sent.get(6)), handler.messages);
        assertEquals(List.of(200_000L, 110_000L, 4L << 20), handler.oversized);
        assertEquals(3, server.counters().oversizedMessages());
    }

    @Test
    void oneShotSendersThatCloseAtOnceLoseNothing() {
        int senders = 40;

        PythonPeer.run(PythonPeers.ONE_SHOT_SENDERS, Duration.ofSeconds(60), String.valueOf(server.localPort()), String.valueOf(senders))
                .assertSuccess();

        handler.awaitCount(senders, server);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PLAIN", "CURVE"})
    void aPeerWithAnotherMechanismIsRefused(String mechanism) {
        Process peer = PythonPeer.start(PythonPeers.LIBZMQ_SENDER, String.valueOf(server.localPort()),
                PythonPeers.messageFile(folder, List.of(List.of("never".getBytes()))).toString(), "1",
                "mechanism=" + mechanism, "pause=30", "linger=0");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().refused(RefusalReason.MECHANISM) >= 1);
            assertEquals(0, handler.count());
        } finally {
            peer.destroyForcibly();
        }
    }

    @Test
    void aPeerOfAnotherSocketTypeIsRefused() {
        Process peer = PythonPeer.start(PythonPeers.LIBZMQ_SENDER, String.valueOf(server.localPort()),
                PythonPeers.messageFile(folder, List.of(List.of("never".getBytes()))).toString(), "1",
                "type=DEALER", "pause=30", "linger=0");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().refused(RefusalReason.SOCKET_TYPE) >= 1);
            assertEquals(0, handler.count());
        } finally {
            peer.destroyForcibly();
        }
    }

    private void send(List<List<byte[]>> messages, int connections, String... options) {
        String[] args = new String[3 + options.length];
        args[0] = String.valueOf(server.localPort());
        args[1] = PythonPeers.messageFile(folder, messages).toString();
        args[2] = String.valueOf(connections);
        System.arraycopy(options, 0, args, 3, options.length);
        PythonPeer.run(PythonPeers.LIBZMQ_SENDER, Duration.ofSeconds(30), args).assertSuccess();
    }
}
