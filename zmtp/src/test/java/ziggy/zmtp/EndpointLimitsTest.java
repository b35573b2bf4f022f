package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.testing.FreePort;
import ziggy.testing.RawZmtpPeer;

/**
 * What one local peer, or a crowd of them, may hold: receive memory from one budget, a capped number
 * of connections, no silent connection forever. After each attack a real client (JeroMQ) still
 * delivers every message.
 */
class EndpointLimitsTest {
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_MESSAGE = 1 << 20;

    private final RecordingHandler handler = new RecordingHandler();
    private final List<RawZmtpPeer> peers = new ArrayList<>();
    private ZmtpPullServer server;

    private ZmtpOptions limits() {
        return ZmtpOptions.defaults().withReceiveBufferBytes(BUFFER).withMaxMessageBytes(MAX_MESSAGE)
                .withMemoryBudgetBytes(ZmtpOptions.smallestBudget(MAX_MESSAGE, BUFFER)).withTick(Duration.ofMillis(20));
    }

    private void start(ZmtpOptions options) throws IOException {
        server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", FreePort.pick()), options, handler);
        server.start();
    }

    @AfterEach
    void close() throws IOException {
        for (RawZmtpPeer peer : peers) {
            peer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void peersThatAnnounceLargeMessagesAndStopHoldOnlyWhatTheySentAndAClientStillDelivers() throws IOException {
        start(limits());
        for (int i = 0; i < 200; i++) {
            RawZmtpPeer peer = RawZmtpPeer.handshaken(server.localPort(), "PUSH");
            peers.add(peer);
            peer.announce(MAX_MESSAGE - 100, 10);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.counters().bytesRead() >= 200L * (64 + 27 + 19));

        // 200 claims of a MiB each, and what is held is 200 carries of 4 KiB, not the claims.
        assertTrue(server.counters().memoryHeldBytes() <= 200L * 4096 + BUFFER, server.counters().toString());
        sendFromJeromq(1000, 200);
        // The claims cost nothing more, so nothing needed closing: the attackers wait for the idle timeout.
        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().connectionsOpen() == 200);
        assertTrue(server.counters().memoryPeakBytes() <= server.counters().memoryBudgetBytes(), server.counters().toString());
    }

    @Test
    void whenStalledPartialMessagesHoldTheBudgetTheyAreClosedSoOthersCanGoOn() throws IOException {
        start(limits().withMemoryStallTimeout(Duration.ofMillis(300)));
        // Each sends 600 KiB of a 1 MiB message and stops: the first two grow to 1 MiB and the budget (2 MiB
        // and two buffers) has no more; the third, and the client, wait for memory the two never give back.
        for (int i = 0; i < 3; i++) {
            RawZmtpPeer peer = RawZmtpPeer.handshaken(server.localPort(), "PUSH");
            peers.add(peer);
            peer.announce(MAX_MESSAGE - 100, 0);
            peer.send(new byte[600 * 1024]);
        }
        sendFromJeromq(50, 500_000);

        assertTrue(server.counters().refused(RefusalReason.MEMORY_STALLED) >= 1, server.counters().toString());
        assertTrue(server.counters().memoryWaits() >= 1, server.counters().toString());
        assertTrue(server.counters().memoryPeakBytes() <= server.counters().memoryBudgetBytes(), server.counters().toString());
    }

    @Test
    void largeMessagesFromManyPeersAtOnceAllArriveWithinTheBudget() throws IOException {
        start(limits());
        int peerCount = 6;
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < peerCount; i++) {
            RawZmtpPeer peer = RawZmtpPeer.handshaken(server.localPort(), "PUSH");
            peers.add(peer);
            bodies.add(WireBytes.patterned(MAX_MESSAGE - 16, i));
        }
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < peerCount; i++) {
            RawZmtpPeer peer = peers.get(i);
            byte[] body = bodies.get(i);
            Thread sender = new Thread(() -> {
                try {
                    peer.send(WireBytes.message(List.of(body)));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            sender.start();
            senders.add(sender);
        }
        handler.awaitCount(peerCount, server);
        for (Thread sender : senders) {
            assertTrue(joined(sender));
        }
        assertTrue(server.counters().memoryPeakBytes() <= server.counters().memoryBudgetBytes(), server.counters().toString());
        assertEquals(0, server.counters().refusedTotal(), server.counters().toString());
    }

    @Test
    void atTheCapTheQuietestConnectionMakesRoomForANewClient() throws IOException {
        start(limits().withMaxConnections(20));
        for (int i = 0; i < 20; i++) {
            peers.add(RawZmtpPeer.handshaken(server.localPort(), "PUSH"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().connectionsOpen() == 20);

        sendFromJeromq(100, 200);
        assertTrue(server.counters().refused(RefusalReason.EVICTED) >= 1, server.counters().toString());
        assertTrue(peers.get(0).closedWithin(2_000), "the quietest, first, connection was closed");
        assertTrue(server.counters().connectionsOpen() <= 20, server.counters().toString());
    }

    @Test
    void atTheCapWithEveryConnectionInTheMiddleOfAMessageANewPeerIsRefused() throws IOException {
        start(limits().withMaxConnections(5).withMemoryStallTimeout(Duration.ofMinutes(1)));
        for (int i = 0; i < 5; i++) {
            RawZmtpPeer peer = RawZmtpPeer.handshaken(server.localPort(), "PUSH");
            peers.add(peer);
            peer.announce(1000, 10);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().bytesRead() >= 5L * (64 + 27 + 19));

        RawZmtpPeer late = RawZmtpPeer.connect(server.localPort());
        peers.add(late);
        assertTrue(late.closedWithin(5_000));
        assertEquals(1, server.counters().refused(RefusalReason.CONNECTION_LIMIT), server.counters().toString());
        assertEquals(5, server.counters().connectionsOpen());
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeoutWhileOneThatPingsStays() throws IOException {
        start(limits().withIdleTimeout(Duration.ofMillis(500)));
        RawZmtpPeer silent = RawZmtpPeer.handshaken(server.localPort(), "PUSH");
        RawZmtpPeer pinging = RawZmtpPeer.handshaken(server.localPort(), "PUSH");
        peers.add(silent);
        peers.add(pinging);
        byte[] ping = WireBytes.command("PING", new byte[] {0, 0});
        byte[] pong = WireBytes.command("PONG", new byte[0]);
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < end) {
            pinging.send(ping);
            assertArrayEquals(pong, pinging.read(pong.length), "a PONG for each PING");
        }
        assertTrue(silent.closedWithin(1_000));
        assertEquals(1, server.counters().refused(RefusalReason.IDLE_TIMEOUT), server.counters().toString());
        assertEquals(1, server.counters().connectionsOpen(), "the pinging peer is still served");
    }

    @Test
    void aFrameAnnouncingMoreThanTwoGibibytesRefusesThePeerAtOnce() throws IOException {
        start(limits());
        RawZmtpPeer peer = RawZmtpPeer.handshaken(server.localPort(), "PUSH");
        peers.add(peer);
        peer.announce(1L << 62, 5);

        assertTrue(peer.closedWithin(2_000));
        assertEquals(1, server.counters().refused(RefusalReason.OVERSIZED), server.counters().toString());
    }

    @Test
    void anOversizedMessageIsCountedWhenItsHeaderArrivesNotWhenThePeerLeaves() throws IOException {
        start(limits());
        RawZmtpPeer peer = RawZmtpPeer.handshaken(server.localPort(), "PUSH");
        peers.add(peer);
        peer.announce(20L << 20, 10);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().oversizedMessages() == 1);
        assertEquals(List.of(20L << 20), handler.oversized);
        peer.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.counters().connectionsOpen() == 0);
        assertEquals(0, server.counters().truncatedMessages(), "counted once, as oversized");
    }

    /** A JeroMQ PUSH sends {@code count} messages of {@code size} bytes; every one must arrive. */
    private void sendFromJeromq(int count, int size) {
        int before = handler.count();
        try (ZContext context = new ZContext()) {
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setHandshakeIvl(1000);
            push.setImmediate(true);
            push.setLinger(5000);
            push.connect("tcp://127.0.0.1:" + server.localPort());
            for (int i = 0; i < count; i++) {
                assertTrue(push.send(WireBytes.patterned(size, i), 0));
            }
            handler.awaitCount(before + count, server);
        }
    }

    private static boolean joined(Thread thread) {
        try {
            thread.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
