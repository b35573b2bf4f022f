package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * Peers that speak ZMTP byte by byte from a Python socket: the exact bytes we send, a ZMTP 3.0 peer,
 * and the peers that must be refused or that vanish, none of which may disturb another connection.
 */
class HandMadePeerTest {
    private static final String GREETING_HEX = "ff00000000000000007f0301" + "4e554c4c" + "00".repeat(16) + "00".repeat(32);
    private static final String READY_PULL_HEX = "041a" + "055245414459" + "0b536f636b65742d54797065" + "00000004" + "50554c4c";

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
        server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", FreePort.pick()),
                ZmtpOptions.defaults().withHandshakeTimeout(Duration.ofMillis(500)), handler);
        server.start();
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aZmtp31PeerGetsOurGreetingReadyAndAPongWithItsContext() {
        String sentToPeer = runPeer("handshake31");

        String pong = "0408" + "04504f4e47" + "616263";
        assertEquals(GREETING_HEX + READY_PULL_HEX + pong, sentToPeer);
        await().atMost(Duration.ofSeconds(5)).until(() -> handler.count() == 3);
        assertPeerMessages();
        assertEquals(1, server.counters().pongsSent());
    }

    @Test
    void aZmtp30PeerIsServed() {
        String sentToPeer = runPeer("handshake30");

        assertEquals(GREETING_HEX + READY_PULL_HEX, sentToPeer);
        await().atMost(Duration.ofSeconds(5)).until(() -> handler.count() == 3);
        assertPeerMessages();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().connectionsOpen() == 0);
        assertEquals(0, server.counters().truncatedMessages());
    }

    @Test
    void garbageInsteadOfAGreetingIsRefusedAndClosed() {
        assertEquals("eof", runPeer("garbage"));
        assertEquals(1, server.counters().refused(RefusalReason.NOT_ZMTP));
        assertServesTheNextPeer();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zmtp1", "zmtp2"})
    void anOlderZmtpPeerIsRefusedAndClosed(String mode) {
        assertEquals("eof", runPeer(mode));
        assertEquals(1, server.counters().refused(RefusalReason.OLD_VERSION));
        assertServesTheNextPeer();
    }

    @Test
    void aPeerAskingForAnotherMechanismIsRefusedAndClosed() {
        assertEquals("eof", runPeer("plain"));
        assertEquals(1, server.counters().refused(RefusalReason.MECHANISM));
        assertServesTheNextPeer();
    }

    @Test
    void aPeerThatNeverGreetsIsClosedAfterTheHandshakeTimeout() {
        assertEquals("eof", runPeer("silent"));
        assertEquals(1, server.counters().refused(RefusalReason.HANDSHAKE_TIMEOUT));
        assertEquals(0, server.counters().connectionsOpen());
    }

    @Test
    void aPeerThatHangsUpDuringTheHandshakeIsCountedAndForgotten() {
        assertEquals("closed", runPeer("hangup"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().refused(RefusalReason.ABANDONED_HANDSHAKE) == 1);
        assertEquals(0, server.counters().connectionsOpen());
        assertServesTheNextPeer();
    }

    @Test
    void aPeerThatClosesMidFrameLosesOnlyItsPartialMessage() {
        assertEquals("partial", runPeer("midframe", "close"));

        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().truncatedMessages() == 1);
        assertEquals("complete", new String(handler.messages.get(0).get(0), StandardCharsets.US_ASCII));
        assertEquals(1, handler.count());
        assertEquals(0, server.counters().connectionsOpen());
        assertServesTheNextPeer();
    }

    @Test
    void aPeerKilledMidFrameLosesOnlyItsPartialMessage() throws IOException {
        Process peer = PythonPeer.start(PythonPeers.HAND_MADE_PEER, String.valueOf(server.localPort()), "midframe");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("partial", out.readLine());
            await().atMost(Duration.ofSeconds(5)).until(() -> handler.count() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().bytesRead() == 64 + 28 + 10 + 509);
        } finally {
            peer.destroyForcibly();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().truncatedMessages() == 1);
        assertEquals("complete", new String(handler.messages.get(0).get(0), StandardCharsets.US_ASCII));
        assertEquals(0, server.counters().connectionsOpen());
        assertServesTheNextPeer();
    }

    @Test
    void manyConnectionsHalfwayThroughAMessageShareOneReceiveBuffer() throws IOException {
        int connections = 300;
        Process peer = PythonPeer.start(PythonPeers.HAND_MADE_PEER, String.valueOf(server.localPort()), "manypartial",
                String.valueOf(connections));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("partial", out.readLine());
            await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().bytesRead() == connections * (64 + 28 + 102));
            assertEquals(0, handler.count());
            assertEquals(1, server.counters().receiveBuffersCreated(), "pooled receive buffers allocated");

            peer.getOutputStream().write('\n');
            peer.getOutputStream().flush();
            assertEquals("done", out.readLine());
        } finally {
            peer.destroyForcibly();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.count() == connections);
        Set<String> received = new HashSet<>();
        for (List<byte[]> message : handler.messages) {
            String body = new String(message.get(0), StandardCharsets.US_ASCII);
            assertEquals(body.substring(0, 5).repeat(40), body);
            received.add(body.substring(0, 5));
        }
        assertEquals(connections, received.size());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().connectionsOpen() == 0);
        assertEquals(0, server.counters().truncatedMessages());
    }

    /** Runs a hand-made peer to its end and returns what it printed. */
    private String runPeer(String... modeAndArguments) {
        String[] args = new String[modeAndArguments.length + 1];
        args[0] = String.valueOf(server.localPort());
        System.arraycopy(modeAndArguments, 0, args, 1, modeAndArguments.length);
        return PythonPeer.run(PythonPeers.HAND_MADE_PEER, Duration.ofSeconds(20), args).assertSuccess().stdout().strip();
    }

    private void assertPeerMessages() {
        assertEquals("one", new String(handler.messages.get(0).get(0), StandardCharsets.US_ASCII));
        assertEquals(List.of("two-a", "x".repeat(300)),
                handler.messages.get(1).stream().map(f -> new String(f, StandardCharsets.US_ASCII)).toList());
        assertEquals(0, handler.messages.get(2).get(0).length);
    }

    /** A libzmq sender right after: the endpoint is unharmed. */
    private void assertServesTheNextPeer() {
        int before = handler.count();
        List<List<byte[]>> sent = Traffic.tagged(1, 100);
        PythonPeer.run(PythonPeers.LIBZMQ_SENDER, Duration.ofSeconds(20), String.valueOf(server.localPort()),
                PythonPeers.messageFile(folder, sent).toString(), "1").assertSuccess();
        await().atMost(Duration.ofSeconds(5)).until(() -> handler.count() == before + sent.size());
        Traffic.assertInOrderPerConnection(sent, 1, handler.messages.subList(before, handler.count()));
    }
}
