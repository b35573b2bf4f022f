package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.testing.FreePort;

/** The endpoint held to JeroMQ PUSH sockets, the Java implementation the rest of Ziggy uses. */
class JeromqPeerTest {
    private final RecordingHandler handler = new RecordingHandler();
    private ZmtpPullServer server;

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
        FrameDecoderTest.assertSameMessages(sent, handler.messages);
        assertNothingRefusedButJeromqsOwnRetries();
    }

    @Test
    void manyConnectionsAtOnceEachKeepTheirOrder() {
        int connections = 8;
        List<List<byte[]>> sent = Traffic.tagged(connections, 1000);

        send(sent, connections);
        Traffic.assertInOrderPerConnection(sent, connections, handler.messages);
        assertEquals(connections, server.counters().connectionsAccepted());
    }

    @Test
    void heartbeatsAreAnsweredSoTheConnectionStays() {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            // JeroMQ 0.6.0 leaves a few percent of fresh connections stuck in the handshake; a
            // handshake limit makes it retry them, which is JeroMQ's business, not the endpoint's.
            push.setHandshakeIvl(1000);
            push.setHeartbeatIvl(100);
            push.setHeartbeatTimeout(300);
            push.connect("tcp://127.0.0.1:" + server.localPort());
            push.send("before");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().pongsSent() >= 1);
            long acceptedOnceHeartbeating = server.counters().connectionsAccepted();
            long pongs = server.counters().pongsSent();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().pongsSent() >= pongs + 5);
            push.send("after");
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.count() == 2);
            assertEquals(acceptedOnceHeartbeating, server.counters().connectionsAccepted(),
                    "JeroMQ reconnects when its PINGs go unanswered");
        }
        assertEquals("after", new String(handler.messages.get(1).get(0)));
    }

    /** A connection JeroMQ gave up in its greeting and dialled again is counted as abandoned; nothing else may be refused. */
    private void assertNothingRefusedButJeromqsOwnRetries() {
        ZmtpCounters counters = server.counters();
        assertEquals(counters.refused(RefusalReason.ABANDONED_HANDSHAKE), counters.refusedTotal(), counters.toString());
    }

    /**
     * Sends, and keeps the sockets open until every message has arrived: a JeroMQ socket closed while
     * its connection is still being set up drops that connection and its queued messages, linger or
     * not (the short-lived sender race known from libzmq issues 1264 and 3774); that says nothing of
     * the endpoint. For the same reason each socket has a handshake limit, after which JeroMQ drops a
     * connection it left stuck in the greeting and dials again, and sends only over connections whose
     * greeting is done ({@code immediate}), so that a dropped connection takes no queued message with it.
     */
    private void send(List<List<byte[]>> messages, int connections) {
        try (ZContext context = new ZContext()) {
            List<ZMQ.Socket> sockets = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                ZMQ.Socket push = context.createSocket(SocketType.PUSH);
                push.setSndHWM(0);
                push.setLinger(20_000);
                push.setHandshakeIvl(1000);
                push.setImmediate(true);
                push.connect("tcp://127.0.0.1:" + server.localPort());
                sockets.add(push);
            }
            for (int i = 0; i < messages.size(); i++) {
                ZMQ.Socket push = sockets.get(i % connections);
                List<byte[]> frames = messages.get(i);
                for (int f = 0; f < frames.size(); f++) {
                    assertTrue(push.send(frames.get(f), f < frames.size() - 1 ? ZMQ.SNDMORE : 0));
                }
            }
            handler.awaitCount(messages.size(), server);
        }
    }
}
