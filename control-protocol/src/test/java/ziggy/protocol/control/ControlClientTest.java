package ziggy.protocol.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.FreePort;
import ziggy.testing.RawZmtpPeer;

class ControlClientTest {
    @Test
    void asksAndReadsRepliesFromARepSocket() throws Exception {
        int port = FreePort.pick();
        AtomicReference<String> seen = new AtomicReference<>();
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket rep = context.createSocket(SocketType.REP);
            rep.bind("tcp://127.0.0.1:" + port);
            rep.setReceiveTimeOut(100);
            AtomicBoolean done = new AtomicBoolean();
            Thread server = new Thread(() -> {
                while (!done.get()) {
                    byte[] bytes = rep.recv(0);
                    if (bytes == null) {
                        continue;
                    }
                    BsonDocument request = ControlReplies.decode(bytes);
                    String cmd = ControlReplies.commandOf(request);
                    seen.set(cmd);
                    rep.send(ControlReplies.encode(cmd.equals("SOCK_STREAM") ? ControlReplies.port(4321)
                            : ControlReplies.unknownCommand()), 0);
                }
            });
            server.start();
            try (ControlClient client = new ControlClient(Endpoint.parse("127.0.0.1:" + port, "-H"), Duration.ofSeconds(5))) {
                assertEquals(4321, client.streamPort());
                ControlException e = assertThrows(ControlException.class, client::status);
                assertTrue(e.getMessage().contains("Unknown Command"), e.getMessage());
            }
            done.set(true);
            server.join(5000);
            assertEquals("STATUS", seen.get());
        }
    }

    @Test
    void aSilentPortFailsWithinTheTimeoutInsteadOfHanging() {
        int port = FreePort.pick();
        try (ControlClient client = new ControlClient(Endpoint.parse("127.0.0.1:" + port, "-H"), Duration.ofMillis(300))) {
            long started = System.nanoTime();
            ControlException e = assertThrows(ControlException.class, client::status);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 3000, "took " + tookMillis + " ms");
            assertTrue(e.getMessage().contains("no reply from the control port 127.0.0.1:" + port), e.getMessage());
            // And the client still works for the next request.
            assertThrows(ControlException.class, client::status);
        }
    }

    @Test
    void aReplyAnnouncingAGigabyteIsRefusedUnreadAndTheRequestFailsWithinItsTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ControlClient client = new ControlClient(Endpoint.parse("127.0.0.1:" + server.getLocalPort(), "-H"),
                     Duration.ofSeconds(4))) {
            CompletableFuture<Throwable> asked = CompletableFuture.supplyAsync(() -> {
                try {
                    client.status();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            try (RawZmtpPeer daemon = RawZmtpPeer.accept(server, "REP")) {
                daemon.announce(1L << 30, 0);
                daemon.send(new byte[] {1, 2, 3});
                assertTrue(daemon.closedWithin(1_000),
                        "the client hangs up on a reply over " + ControlLimits.MAX_REPLY_BYTES + " bytes instead of waiting for it");
            }
            assertTrue(asked.get(10, TimeUnit.SECONDS) instanceof ControlException);
        }
    }
}
