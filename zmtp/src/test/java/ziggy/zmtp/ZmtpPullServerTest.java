package ziggy.zmtp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void closingAnEndpointThatNeverRanFreesThePort() throws IOException {
        int port = FreePort.pick();
        ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", port), ZmtpOptions.defaults(), new RecordingHandler()).close();
        try (ZmtpPullServer again = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", port), ZmtpOptions.defaults(),
                new RecordingHandler())) {
            assertEquals(port, again.localPort());
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
