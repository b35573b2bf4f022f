package ziggy.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

@SuppressWarnings("try")
class NetworkSenderTest {
    /** The smallest byte bound SenderOptions takes, and an event body that fills a sixteenth of it. */
    private static final long SIXTEEN_MEBIBYTES = 16L * 1024 * 1024;
    private static final String ONE_MEBIBYTE = "x".repeat(1024 * 1024);
    @AfterEach
    void unconfigure() {
        Ziggy.close();
    }

    @Test
    void eventsArriveAsSingleFramesOnAJeroMqPullSocket() {
        int port = FreePort.pick();
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:" + port);
            pull.setReceiveTimeOut(5000);
            Ziggy.configure("127.0.0.1", port);
            for (int i = 0; i < 100; i++) {
                try (Context request = Ziggy.context("request")) {
                    Ziggy.set("i", i);
                }
            }
            List<BsonDocument> received = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] frame = pull.recv();
                assertTrue(frame != null, "event " + i + " did not arrive");
                assertTrue(!pull.hasReceiveMore(), "one frame per event");
                received.add(new RawBsonDocument(frame));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(i, received.get(i).getDocument("body").getInt32("i").getValue());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Ziggy.stats().sent() == 100);
            assertEquals(0, Ziggy.stats().dropped());
        }
    }

    @Test
    void withNoDaemonTheApplicationRunsAtFullSpeedAndDropsAreCounted() {
        int port = FreePort.pick();
        Ziggy.configure("127.0.0.1", port, SenderOptions.defaults()
                .withQueueCapacity(1000).withCloseTimeout(Duration.ofMillis(200)));
        int n = 200_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try (Context request = Ziggy.context("request")) {
                Ziggy.set("i", i);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 5, n + " contexts took " + seconds + " s with no daemon");
        Stats during = Ziggy.stats();
        assertEquals(0, during.sent());
        assertEquals(n - during.queued(), during.dropped());
        assertEquals(during.dropped(), during.droppedByReason().get("queue full"));

        long closeStart = System.nanoTime();
        Ziggy.close();
        assertTrue(System.nanoTime() - closeStart < Duration.ofSeconds(2).toNanos(), "close is bounded");
        Stats after = Ziggy.stats();
        assertEquals(n, after.dropped());
        assertEquals(0, after.queued());
    }

    @Test
    void withNoDaemonLargeEventsAreHeldToTheQueuesBytesNotJustItsCount() {
        int port = FreePort.pick();
        Ziggy.configure("127.0.0.1", port, SenderOptions.defaults()
                .withQueueBytes(SIXTEEN_MEBIBYTES).withCloseTimeout(Duration.ofMillis(200)));
        int n = 100;
        for (int i = 0; i < n; i++) {
            try (Context request = Ziggy.context("request")) {
                Ziggy.set("stack_trace", ONE_MEBIBYTE);
            }
        }

        Stats during = Ziggy.stats();
        // Sixteen 1 MiB strings with their events' envelopes pass 16 MiB; fifteen fit.
        assertEquals(15, during.queued());
        assertEquals(n - during.queued(), during.droppedByReason().get("queue full"));
    }

    /**
     * A daemon that takes the connection and stops reading: JeroMQ's pipe would take 100,000 events, and the
     * byte bound must count them. Each event is given time to leave the queue before the next, so that
     * without the pipe in the bound every one of them would be handed to JeroMQ.
     */
    @Test
    void aDaemonThatStopsReadingHoldsTheClientToItsBytesJeroMqsPipeIncluded() {
        int port = FreePort.pick();
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket stalled = zmq.createSocket(SocketType.PULL);
            stalled.setRcvHWM(1);
            stalled.setReceiveBufferSize(64 * 1024); // a fixed kernel buffer: no autotuning to megabytes
            stalled.bind("tcp://127.0.0.1:" + port);
            Ziggy.configure("127.0.0.1", port, SenderOptions.defaults()
                    .withQueueBytes(SIXTEEN_MEBIBYTES).withCloseTimeout(Duration.ofMillis(200)));
            int n = 200;
            for (int i = 0; i < n; i++) {
                try (Context request = Ziggy.context("request")) {
                    Ziggy.set("stack_trace", ONE_MEBIBYTE);
                }
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                        .until(() -> Ziggy.stats().queued() == 0);
            }

            Stats stats = Ziggy.stats();
            // 16 MiB held, plus what left it: the kernel's buffers (4 MiB for the sender's, 128 KiB for
            // the stalled reader's) and the message or two the reader took before it stopped.
            assertTrue(stats.sent() <= 16 + 5 + 3, "handed to JeroMQ: " + stats);
            assertEquals(n - stats.sent(), stats.droppedByReason().get("queue full"), stats.toString());
        }
    }

    /** What JeroMQ has written is given back to the byte bound: four times the bound goes through, event by event. */
    @Test
    void largeEventsKeepFlowingToADaemonThatReadsLongPastTheByteBound() {
        int port = FreePort.pick();
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
            pull.setReceiveTimeOut(5000);
            pull.bind("tcp://127.0.0.1:" + port);
            Ziggy.configure("127.0.0.1", port, SenderOptions.defaults().withQueueBytes(SIXTEEN_MEBIBYTES));
            for (int i = 0; i < 64; i++) {
                try (Context request = Ziggy.context("request")) {
                    Ziggy.set("i", i);
                    Ziggy.set("stack_trace", ONE_MEBIBYTE);
                }
                byte[] frame = pull.recv();
                assertTrue(frame != null, "event " + i + " did not arrive; " + Ziggy.stats());
                assertEquals(i, new RawBsonDocument(frame).getDocument("body").getInt32("i").getValue());
            }
            assertEquals(0, Ziggy.stats().dropped());
        }
    }

    @Test
    void eventsQueuedBeforeTheDaemonStartsGoOutWhenItComes() {
        int port = FreePort.pick();
        Ziggy.configure("127.0.0.1", port);
        for (int i = 0; i < 10; i++) {
            try (Context early = Ziggy.context("early")) {
                Ziggy.set("i", i);
            }
        }
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:" + port);
            pull.setReceiveTimeOut(5000);
            for (int i = 0; i < 10; i++) {
                assertTrue(pull.recv() != null, "event " + i);
            }
        }
        assertEquals(0, Ziggy.stats().dropped());
    }

    @Test
    void eventsClosedWhileTheDaemonRestartsGoToTheNewOne() {
        int port = FreePort.pick();
        Ziggy.configure("127.0.0.1", port);
        try (ZContext first = new ZContext()) {
            ZMQ.Socket pull = first.createSocket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:" + port);
            pull.setReceiveTimeOut(5000);
            sendNumbered("before", 10);
            for (int i = 0; i < 10; i++) {
                assertTrue(pull.recv() != null, "event " + i + " before the restart; " + Ziggy.stats());
            }
        }
        awaitReconnectAttempt(port);
        sendNumbered("during", 10);
        try (ZContext second = new ZContext()) {
            ZMQ.Socket pull = second.createSocket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:" + port);
            pull.setReceiveTimeOut(5000);
            for (int i = 0; i < 10; i++) {
                byte[] frame = pull.recv();
                assertTrue(frame != null, "event " + i + " closed during the restart; " + Ziggy.stats());
                assertEquals("during", new RawBsonDocument(frame).getString("type").getValue());
            }
        }
        assertEquals(20, Ziggy.stats().sent());
        assertEquals(0, Ziggy.stats().dropped());
    }

    /**
     * Returns once the client dials {@code port} again, so once JeroMQ has seen the old connection end (it
     * reports the end before it redials); the listener accepts TCP and never greets, as a daemon still starting
     * may. Events closed before that could still go to the connection that was ending, and be lost with it: what
     * TCP had not delivered of a connection its peer closes is gone, for any ZeroMQ client.
     */
    private static void awaitReconnectAttempt(int port) {
        try (ServerSocket starting = new ServerSocket()) {
            starting.bind(new InetSocketAddress("127.0.0.1", port));
            starting.setSoTimeout(5000);
            starting.accept().close();
        } catch (IOException e) {
            throw new UncheckedIOException("no reconnect to port " + port, e);
        }
    }

    @SuppressWarnings("try")
    private static void sendNumbered(String type, int n) {
        for (int i = 0; i < n; i++) {
            try (Context context = Ziggy.context(type)) {
                Ziggy.set("i", i);
            }
        }
    }

    /**
     * A daemon that takes the TCP connection and never answers the greeting (as a JeroMQ handshake that
     * stalls, a few percent of the time, does) must not swallow the queued events: once the handshake limit
     * cuts it, they go to the next daemon on that port.
     */
    @Test
    void eventsOutliveAConnectionWhoseGreetingNeverCompletes() throws Exception {
        int port = FreePort.pick();
        try (ServerSocket mute = new ServerSocket()) {
            mute.setReuseAddress(true);
            mute.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Ziggy.configure("127.0.0.1", port);
            for (int i = 0; i < 10; i++) {
                try (Context early = Ziggy.context("early")) {
                    Ziggy.set("i", i);
                }
            }
            try (Socket silent = mute.accept()) {
                // Longer than the sender's handshake limit (1 s): JeroMQ gives up on this one and redials.
                await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
                assertEquals(0, Ziggy.stats().sent(), "nothing counts as sent before a greeting completes");
                assertEquals(10, Ziggy.stats().queued());
            }
        }
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:" + port);
            pull.setReceiveTimeOut(5000);
            for (int i = 0; i < 10; i++) {
                byte[] frame = pull.recv();
                assertTrue(frame != null, "event " + i + " did not arrive; " + Ziggy.stats());
                assertEquals(i, new RawBsonDocument(frame).getDocument("body").getInt32("i").getValue());
            }
        }
        assertEquals(10, Ziggy.stats().sent());
        assertEquals(0, Ziggy.stats().dropped());
    }

    @Test
    void closeFlushesWhatIsPendingToALibzmqPeerThatReadsItWithPymongo() throws Exception {
        PythonPeer.requireZmqAndBson();
        int port = FreePort.pick();
        String script = """
                import sys, zmq, bson
                ctx = zmq.Context()
                pull = ctx.socket(zmq.PULL)
                pull.bind("tcp://127.0.0.1:%s" % sys.argv[1])
                print("ready", flush=True)
                pull.RCVTIMEO = 20000
                n = int(sys.argv[2])
                types = {}
                for got in range(2 * n):
                    try:
                        frames = pull.recv_multipart()
                    except zmq.Again:
                        sys.exit("timed out after %d of %d events: %s" % (got, 2 * n, types))
                    assert len(frames) == 1, frames
                    doc = bson.decode(frames[0])
                    assert list(doc.keys()) == ["id", "type", "host", "pid", "start", "end", "body"], doc.keys()
                    types[doc["type"]] = types.get(doc["type"], 0) + 1
                    if doc["type"] == "request":
                        continue
                    assert doc["body"]["query"] == "select %d" % doc["body"]["n"], doc["body"]
                    assert doc["body"]["tables"] == ["users"], doc["body"]
                assert types == {"request": n, "request.sql": n}, types
                """;
        int n = 5000;
        Process peer = PythonPeer.start(script, Integer.toString(port), Integer.toString(n));
        try {
            String ready = new java.io.BufferedReader(new java.io.InputStreamReader(peer.getInputStream())).readLine();
            assertEquals("ready", ready);
            // A generous close timeout: this test is about what arrives, not about the bound on a loaded machine.
            Ziggy.configure("127.0.0.1", port, SenderOptions.defaults().withCloseTimeout(Duration.ofSeconds(15)));
            for (int i = 0; i < n; i++) {
                try (Context request = Ziggy.context("request"); Context sql = Ziggy.context(".sql")) {
                    Ziggy.set("query", "select " + i);
                    Ziggy.set("n", i);
                    Ziggy.append("tables", "users");
                }
            }
            Ziggy.close();
            assertTrue(peer.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the peer finishes");
            String err = new String(peer.getErrorStream().readAllBytes());
            assertEquals(0, peer.exitValue(), err + "\n" + Ziggy.stats());
            assertEquals(2L * n, Ziggy.stats().sent());
            assertEquals(0, Ziggy.stats().dropped());
        } finally {
            peer.destroyForcibly();
        }
    }
}
