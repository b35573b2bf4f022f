package ziggy.system.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.protocol.file.BsonFileReader;
import ziggy.system.tools.Launchers;
import ziggy.testing.FreePort;
import ziggy.testing.RealDaemon;

/**
 * Issue 16's HTTP attack on the packaged daemon under {@code ulimit -n 1024}: a local peer holds 200 idle
 * and 100 slowloris connections to the HTTP port (reopening each one the daemon closes), which used to
 * deny {@code /healthcheck} to the monitor. Now every probe on a fresh connection is answered 200 within a
 * second, and the rest of the daemon does not notice.
 */
class HttpHealthUnderFloodTest {
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(1);
    private static final Duration ARRIVAL = Duration.ofSeconds(30);
    private static final int EVENTS = 1000;
    private static final int BATCH = 100;

    @TempDir
    Path logPath;

    @Test
    void healthIsAnsweredWithinASecondUnderAnIdleAndSlowlorisFloodAndCollectionGoesOn() throws Exception {
        int httpPort = FreePort.pick();
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 1024)) {
            try (Flood idle = new Flood(httpPort, 200, false); Flood slowloris = new Flood(httpPort, 100, true)) {
                for (int probe = 1; probe <= 5; probe++) {
                    long start = System.nanoTime();
                    assertEquals(200, probeStatus(httpPort), "probe " + probe);
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertTrue(took.compareTo(PROBE_LIMIT) < 0, "probe " + probe + " took " + took);
                }
                assertNotNull(daemon.status(), "STATUS answers");
                Set<String> sent = sendGoodEvents(daemon);
                assertEquals(sent, idsInDayFiles(), "every good event landed once");
                assertTrue(idle.reopened() + slowloris.reopened() > 0, "the daemon closed flood connections");
                assertEquals(0, daemon.terminate(), "SIGTERM during the flood; output:\n" + daemon.output());
            }
        }
    }

    /** In batches, each awaited, so that the client's own send queue never overflows and drops one. */
    private Set<String> sendGoodEvents(RealDaemon daemon) {
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = "good-" + i;
            sent.add(id);
            daemon.send(RealDaemon.bytes(new BsonDocument("type", new BsonString("flood")).append("id", new BsonString(id))));
            if (sent.size() % BATCH == 0) {
                int landed = sent.size();
                await().atMost(ARRIVAL).until(() -> idsInDayFiles().size() == landed);
            }
        }
        return sent;
    }

    private Set<String> idsInDayFiles() throws IOException {
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> dayFiles = Files.newDirectoryStream(logPath, "flood.*.bson")) {
            for (Path file : dayFiles) {
                try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                    for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                        if (item instanceof BsonFileReader.Document document) {
                            ids.add(new RawBsonDocument(document.bytes()).getString("id").getValue());
                        }
                    }
                }
            }
        }
        return ids;
    }

    /** GET /healthcheck on a fresh connection, as a load balancer probes; the answer's status. */
    private static int probeStatus(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) PROBE_LIMIT.toMillis());
            socket.setSoTimeout((int) PROBE_LIMIT.toMillis());
            socket.getOutputStream().write("GET /healthcheck HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(reply.startsWith("HTTP/1.1 "), "an HTTP answer: '" + reply + "'");
            return Integer.parseInt(reply.substring(9, 12));
        }
    }

    /**
     * Connections held open by one thread: each one the daemon closes is opened again at the next tick
     * (every 500 ms). Slowloris ones send a request line, then a header byte a tick, never the headers' end.
     */
    private static final class Flood implements AutoCloseable {
        private static final byte[] REQUEST_LINE = "GET /healthcheck HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);
        private static final Duration TICK = Duration.ofMillis(500);

        private final InetSocketAddress daemon;
        private final boolean slowloris;
        private final List<SocketChannel> connections = new ArrayList<>();
        private final Thread pacer;
        private volatile long reopened;
        private volatile boolean running = true;

        Flood(int port, int count, boolean slowloris) throws IOException {
            this.daemon = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            this.slowloris = slowloris;
            try {
                for (int i = 0; i < count; i++) {
                    connections.add(open());
                }
            } catch (IOException e) {
                closeAll();
                throw e;
            }
            pacer = new Thread(this::pace, slowloris ? "slowloris-flood" : "idle-flood");
            pacer.setDaemon(true);
            pacer.start();
        }

        long reopened() {
            return reopened;
        }

        private SocketChannel open() throws IOException {
            SocketChannel channel = SocketChannel.open(daemon);
            try {
                if (slowloris) {
                    channel.write(ByteBuffer.wrap(REQUEST_LINE));
                }
                channel.configureBlocking(false);
                return channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        private void pace() {
            ByteBuffer scratch = ByteBuffer.allocate(4096);
            try {
                while (running) {
                    for (int i = 0; i < connections.size() && running; i++) {
                        try {
                            scratch.clear();
                            if (connections.get(i).read(scratch) < 0) {
                                throw new IOException("closed by the daemon");
                            }
                            if (slowloris) {
                                connections.get(i).write(ByteBuffer.wrap(new byte[] {'a'}));
                            }
                        } catch (IOException closed) {
                            connections.get(i).close();
                            reopen(i);
                        }
                    }
                    Thread.sleep(TICK.toMillis()); // the attacker's pace, not a wait for a condition
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A refused connect (the daemon is stopping) leaves the slot closed, tried again at the next tick. */
        private void reopen(int slot) {
            try {
                connections.set(slot, open());
                reopened++;
            } catch (IOException refused) {
                // the closed channel stays in its slot: reading it fails again at the next tick
            }
        }

        @Override
        public void close() {
            running = false;
            try {
                pacer.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeAll();
        }

        private void closeAll() {
            for (SocketChannel channel : connections) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing a socket the daemon already reset
                }
            }
        }
    }
}
