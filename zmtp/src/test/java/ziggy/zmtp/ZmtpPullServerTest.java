package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ziggy.testing.FreePort;

/** The endpoint's life cycle: binding, the loop's ticks, stopping from another thread, closing. */
class ZmtpPullServerTest {

    @Test
    void aTakenPortFailsToBindWithTheAddressInTheMessage() throws IOException {
        int port = FreePort.pick();
        try (ZmtpPullServer first = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", port), ZmtpOptions.defaults(),
                new RecordingHandler())) {
            BindException taken = assertThrows(BindException.class, () -> ZmtpPullServer.bind(
                    new InetSocketAddress("127.0.0.1", port), ZmtpOptions.defaults(), new RecordingHandler()));
            assertTrue(taken.getMessage().contains("127.0.0.1:" + port), taken.getMessage());
            assertEquals(port, first.localPort());
        }
    }

    @Test
    void aNameThatDoesNotResolveFailsToBindWithTheNameInTheMessage() {
        BindException unresolved = assertThrows(BindException.class, () -> ZmtpPullServer.bind(
                InetSocketAddress.createUnresolved("no-such-host.invalid", 3514), ZmtpOptions.defaults(),
                new RecordingHandler()));
        assertEquals("cannot listen on no-such-host.invalid:3514: the host name does not resolve", unresolved.getMessage());
    }

    @Test
    void theLoopTurnsAtLeastEveryTickWhenNothingArrives() throws IOException {
        List<Long> turns = new CopyOnWriteArrayList<>();
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onLoopTurn(long nanoTime) {
                turns.add(nanoTime);
            }
        };
        try (ZmtpPullServer server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", 0),
                ZmtpOptions.defaults().withTick(Duration.ofMillis(20)), handler)) {
            server.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> turns.size() >= 20);
        }
        long longestGap = 0;
        for (int i = 1; i < 20; i++) {
            longestGap = Math.max(longestGap, turns.get(i) - turns.get(i - 1));
        }
        // 20 ms asked; the margin is for a machine busy with other builds, not for the endpoint.
        assertTrue(longestGap < Duration.ofMillis(250).toNanos(), "longest gap " + longestGap / 1_000_000 + " ms");
    }

    @Test
    void runOnTheCallersThreadEndsWhenStoppedFromAnotherAndFreesThePort() throws Exception {
        int port = FreePort.pick();
        ZmtpPullServer server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", port), ZmtpOptions.defaults(),
                new RecordingHandler());
        Thread caller = new Thread(server::run);
        caller.start();

        server.stop();
        caller.join(5_000);

        assertFalse(caller.isAlive());
        assertThrows(IllegalStateException.class, server::run);
        try (ZmtpPullServer again = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", port), ZmtpOptions.defaults(),
                new RecordingHandler())) {
            assertEquals(port, again.localPort());
        }
    }

    @Test
    void stopHandsOnWhatPeersHadAlreadySent() throws Exception {
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onMessage(ByteBuffer buffer, int offset, int length) {
                super.onMessage(buffer, offset, length);
                if (count() == 1) {
                    firstArrived.countDown();
                    awaitQuietly(release);
                }
            }
        };
        ZmtpPullServer server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", 0), ZmtpOptions.defaults(), handler);
        Thread loop = server.start();
        try (Socket peer = new Socket("127.0.0.1", server.localPort())) {
            OutputStream out = peer.getOutputStream();
            out.write(handshake());
            out.write(WireBytes.message(List.of("first".getBytes(StandardCharsets.US_ASCII))));
            assertTrue(firstArrived.await(10, TimeUnit.SECONDS));

            // The loop is held inside the handler: these wait in the socket until stop drains them.
            int bytes = 0;
            for (int i = 0; i < 100; i++) {
                byte[] message = WireBytes.message(List.of(("event " + i).getBytes(StandardCharsets.US_ASCII)));
                out.write(message);
                bytes += message.length;
            }
            out.flush();
            int sent = bytes;
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> receiveQueueBytes(server.localPort(), peer.getLocalPort()) >= sent);
            server.stop();
            release.countDown();
            loop.join(10_000);
        }

        assertFalse(loop.isAlive());
        assertEquals(101, handler.count());
        assertEquals("event 99", new String(handler.messages.get(100).get(0), StandardCharsets.US_ASCII));
        assertEquals(0, server.counters().connectionsOpen());
    }

    @Test
    void closingAnEndpointThatNeverRanFreesThePort() throws IOException {
        int port = FreePort.pick();
        ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", port), ZmtpOptions.defaults(), new RecordingHandler()).close();
        try (ZmtpPullServer again = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", port), ZmtpOptions.defaults(),
                new RecordingHandler())) {
            assertEquals(port, again.localPort());
        }
    }

    /** A ZMTP 3.0 PUSH peer's greeting and READY, as {@code HAND_MADE_PEER} sends them. */
    private static byte[] handshake() {
        byte[] greeting = new byte[64];
        greeting[0] = (byte) 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        System.arraycopy("NULL".getBytes(StandardCharsets.US_ASCII), 0, greeting, 12, 4);
        byte[] ready = WireBytes.ready("PUSH");
        byte[] both = Arrays.copyOf(greeting, 64 + ready.length);
        System.arraycopy(ready, 0, both, 64, ready.length);
        return both;
    }

    /**
     * Bytes waiting in the receive queue of the endpoint's side of a loopback connection, from Linux's
     * /proc/net/tcp[6] (columns: local address:port, remote address:port, state, tx_queue:rx_queue, in hex).
     */
    private static long receiveQueueBytes(int localPort, int remotePort) throws IOException {
        String local = String.format(":%04X", localPort);
        String remote = String.format(":%04X", remotePort);
        // Java opens IPv6 sockets even for 127.0.0.1, so the connection may be listed in tcp6.
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 4 && columns[1].endsWith(local) && columns[2].endsWith(remote)) {
                    return Long.parseLong(columns[4].substring(columns[4].indexOf(':') + 1), 16);
                }
            }
        }
        return -1;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void optionsOutOfRangeAreRefusedWithTheReason() {
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> ZmtpOptions.defaults().withReceiveBufferBytes(100));
        assertTrue(tooSmall.getMessage().contains("4096"), tooSmall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ZmtpOptions.defaults().withMaxMessageBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> ZmtpOptions.defaults().withTick(Duration.ZERO));
    }
}
