package ziggy.daemon.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.testing.HttpProbe;

/**
 * The HTTP server against clients that misbehave, on a real socket with small limits: two seconds idle,
 * a deadline of one second for a whole request and three connections at most.
 */
class HttpServerLimitsTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final int MAX_CONNECTIONS = 3;

    @TempDir
    Path logPath;

    private HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws InterruptedException {
        BsonDocument status = new BsonDocument("uptime", new BsonDouble(12.5)).append("version", new BsonString("test"));
        DayFileWrites writes = new DayFileWrites();
        DaemonPages pages = new DaemonPages(() -> status,
                new DaemonHealth("testhost", () -> status).add(new LogFolderHealth(logPath, writes)), writes);
        server = HttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), pages,
                new HttpServer.Limits(MAX_CONNECTIONS, IDLE_TIMEOUT, DEADLINE, 1024, 2048, 1024));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void anUnknownPathIs404AndAMethodOtherThanGetOrHeadIs405() throws Exception {
        assertEquals(404, send(HttpRequest.newBuilder(uri("/nope"))).statusCode());
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/healthcheck")).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));
        assertEquals(405, send(HttpRequest.newBuilder(uri("/metrics")).DELETE()).statusCode());
        assertEquals(200, send(HttpRequest.newBuilder(uri("/healthcheck?verbose=1"))).statusCode(), "a query string is fine");
    }

    @Test
    void hugeHeadersAre431AHugeRequestLineIs414AndAHugeBodyIs413() throws Exception {
        assertEquals(431, rawStatus("GET /healthcheck HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(4096) + "\r\n\r\n"));
        assertEquals(414, rawStatus("GET /" + "a".repeat(4096) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(400, rawStatus("NOT HTTP AT ALL\r\n\r\n"));
        assertEquals(413, rawStatus("GET /status HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "b".repeat(5000)));
        assertEquals(200, send(HttpRequest.newBuilder(uri("/healthcheck"))).statusCode());
    }

    private int rawStatus(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String reply = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(reply.substring(9, 12));
        }
    }

    @Test
    void aSlowlorisClientIsCutOffAtTheDeadlineEvenWhileItKeepsSendingBytes() throws Exception {
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            InputStream in = slow.getInputStream();
            long start = System.nanoTime();
            out.write("GET /healthcheck HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] reply = null;
            // One header byte every 100 ms: a read timeout would never fire; the request deadline does.
            for (int i = 0; i < 100 && reply == null; i++) {
                try {
                    out.write('X');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(100);
                if (in.available() > 0) {
                    reply = in.readNBytes(12);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(DEADLINE.multipliedBy(4)) < 0, "cut off after " + took);
            if (reply != null) {
                assertEquals("HTTP/1.1 408", new String(reply, StandardCharsets.ISO_8859_1));
            }
            assertEquals(-1, drainToEnd(in), "the server closed the connection");
        }
    }

    private static int drainToEnd(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // skip the rest of the 408
            }
            return -1;
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    @Test
    void aSilentConnectionIsClosedWithoutAnAnswerAfterTheIdleTimeout() throws Exception {
        try (Socket silent = openCounted()) {
            long start = System.nanoTime();
            silent.setSoTimeout(10_000);
            assertEquals(-1, drainToEnd(silent.getInputStream()), "closed");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(IDLE_TIMEOUT.plusSeconds(2)) < 0, "closed after " + took);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCounts().idleClosed() == 1);
    }

    @Test
    void atTheCapTheLongestIdleConnectionIsShedToAdmitTheNewOneAStartedRequestCountingAsIdle() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            Socket trickling = openCounted();
            open.add(trickling);
            trickling.getOutputStream().write("GET /healthcheck HTTP/1.1\r\nX-Sl".getBytes(StandardCharsets.ISO_8859_1));
            Socket second = openCounted();
            open.add(second);
            open.add(openCounted());
            assertEquals(200, HttpProbe.ask(server.port(), "GET", "/healthcheck", Duration.ofSeconds(1)).status());
            assertTrue(closedByServer(trickling), "the oldest, whose request never came whole, was shed");
            assertFalse(closedByServer(second));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCounts().open() == MAX_CONNECTIONS - 1);
            open.add(openCounted()); // at the cap again, the probe having left
            assertEquals(200, HttpProbe.ask(server.port(), "GET", "/healthcheck", Duration.ofSeconds(1)).status());
            assertTrue(closedByServer(second), "then the next oldest");
            assertEquals(2, server.connectionCounts().shed());
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void aKeepAliveConnectionJustAnsweredIsShedAfterTheOlderIdleOnes() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            Socket answered = openCounted();
            open.add(answered);
            Socket idle = openCounted();
            open.add(idle);
            open.add(openCounted());
            answered.getOutputStream().write("GET /healthcheck HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            answered.setSoTimeout(5000);
            assertEquals("HTTP/1.1 200", new String(answered.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1));
            assertEquals(200, HttpProbe.ask(server.port(), "GET", "/healthcheck", Duration.ofSeconds(1)).status());
            assertTrue(closedByServer(idle), "the longest idle was shed");
            assertFalse(closedByServer(answered), "the one answered last is the most recently idle");
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    /** A new connection, once the server has admitted it (so that the order of several is the server's too). */
    private Socket openCounted() throws IOException {
        int before = server.connectionCounts().open();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCounts().open() == before + 1);
        return socket;
    }

    /** Whether the server closed {@code socket}: it reads the end (or a reset) rather than waiting. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(300);
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void keepAliveConnectionsAnswerOneRequestAfterAnother() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, send(HttpRequest.newBuilder(uri("/status"))).statusCode());
        }
    }
}
