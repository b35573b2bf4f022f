package ziggy.daemon.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ziggy.daemon.Ziggyd;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/** ziggyd run as a user runs it, with {@code --http}, asked over HTTP by a real client. */
class ZiggydHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 5;

    private static Path folder;
    private static Path logPath;
    private static ChildJvm ziggyd;
    private static int httpPort;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startZiggydAndSendEvents() throws Exception {
        folder = Files.createTempDirectory("ziggyd-http");
        logPath = folder.resolve("log");
        httpPort = FreePort.pick();
        int collectPort = FreePort.pick();
        ziggyd = ChildJvm.start(Ziggyd.class, List.of("-Xmx96m"), "--log-path=" + logPath,
                "--collect=127.0.0.1:" + collectPort, "--control=127.0.0.1:" + FreePort.pick(), "--http=127.0.0.1:" + httpPort);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("/healthcheck").statusCode() == 200);
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setHandshakeIvl(300); // JeroMQ drops a connection left stuck in its greeting and dials again
            push.setImmediate(true); // and sends over greeted connections only, so the dropped one takes no event with it
            push.setLinger(5000);
            push.connect("tcp://127.0.0.1:" + collectPort);
            for (int i = 0; i < EVENTS; i++) {
                push.send(event("request", i), 0);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> json("/status").path("total").path("events").asLong() == EVENTS);
        }
        // On disk before any test, in whatever order, moves the log folder away.
        await().atMost(Duration.ofSeconds(10)).until(() -> sample(get("/metrics").body(), "ziggyd_events_written_total") == EVENTS);
    }

    @AfterAll
    static void stopZiggyd() throws IOException {
        if (ziggyd != null) {
            ziggyd.terminate(Duration.ofSeconds(30));
            ziggyd.close();
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        }
    }

    private static byte[] event(String type, int n) {
        double now = System.currentTimeMillis() / 1000.0;
        BsonDocument event = new BsonDocument("type", new BsonString(type)).append("id", new BsonString("id-" + n))
                .append("host", new BsonString("web-1")).append("pid", new BsonInt32(42))
                .append("start", new BsonDouble(now)).append("end", new BsonDouble(now + 0.01))
                .append("body", new BsonDocument("n", new BsonInt32(n)));
        ByteBuffer bytes = new RawBsonDocument(event, new BsonDocumentCodec()).getByteBuffer().asNIO();
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        return JSON.readTree(response.body());
    }

    @Test
    void healthcheckSaysWhoIsAnsweringAndThatItWorks() throws Exception {
        HttpResponse<String> response = get("/healthcheck");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = JSON.readTree(response.body());
        assertEquals("ziggyd", health.path("module").asText());
        assertEquals("master", health.path("role").asText());
        assertFalse(health.path("hostname").asText().isEmpty());
        assertTrue(health.path("uptime").isIntegralNumber() && health.path("uptime").asLong() >= 0, response.body());
        assertTrue(health.path("healthy").asBoolean());
        assertTrue(health.path("reason").isMissingNode());
    }

    @Test
    void statusIsTheStatusReplyAsJson() throws Exception {
        JsonNode status = json("/status");
        assertEquals(EVENTS, status.path("events").path("request").path("count").asLong());
        assertEquals(EVENTS, status.path("hosts").path("web-1").path("count").asLong());
        assertTrue(status.path("last").isDouble(), status.toString());
        assertEquals(0, status.path("rejected").path("not_bson").asLong(), status.toString());
        assertTrue(status.path("rejected").has("not_bson"), status.toString());
    }

    @Test
    void metricsAreValidPrometheusTextWithTheDaemonsCounts() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = response.body();

        PrometheusText.checkStrictly(text);
        PrometheusText.checkWithPromtoolWhereInstalled(text);

        assertEquals(EVENTS, sample(text, "ziggyd_events_received_total"));
        assertEquals(EVENTS, sample(text, "ziggyd_events_written_total"));
        assertEquals(EVENTS, sample(text, "ziggyd_type_events_received_total{type=\"request\"}"));
        assertEquals(0, sample(text, "ziggyd_events_rejected_total{reason=\"not_bson\"}"));
        assertEquals(0, sample(text, "ziggyd_collect_peers_refused_total{reason=\"idle_timeout\"}"));
        assertEquals(64 << 20, sample(text, "ziggyd_collect_memory_budget_bytes"));
        assertTrue(sample(text, "ziggyd_http_connections") >= 1, "this scrape's own connection");
        assertEquals(0, sample(text, "ziggyd_http_connections_closed_total{reason=\"shed\"}"));
        assertTrue(sample(text, "ziggyd_received_bytes_total") > EVENTS * 50);
        assertTrue(sample(text, "ziggyd_day_file_write_seconds_count") >= 1);
        assertTrue(sample(text, "ziggyd_day_file_flush_seconds_count") >= 1);
        // 1 while request's day file is open; 0 once the folder test below has moved it away (test order varies).
        assertTrue(sample(text, "ziggyd_day_files_open") <= 1, text);
        assertTrue(text.contains("\njvm_memory_used_bytes{area=\"heap\"}"), "JVM basics");
        assertTrue(text.contains("\nziggyd_build_info{version="), "version");
    }

    /** The value of the sample line that starts with {@code series} (name and labels as written). */
    private static double sample(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError("no sample " + series + " in\n" + text);
    }

    @Test
    void healthcheckTurns503WhenTheLogFolderCannotBeWrittenAnd200OnceItCanAgain() throws Exception {
        // Root ignores permission bits, so a chmod would prove nothing where CI runs as root. Replacing the
        // folder by a plain file makes it unwritable for every user, root included.
        Path moved = folder.resolve("log.moved");
        Files.move(logPath, moved);
        Files.writeString(logPath, "not a folder");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/healthcheck").statusCode() == 503);
            JsonNode health = JSON.readTree(get("/healthcheck").body());
            assertFalse(health.path("healthy").asBoolean());
            assertTrue(health.path("reason").asText().contains("cannot write in the log folder " + logPath), health.toString());
            assertEquals("ziggyd", health.path("module").asText());
        } finally {
            Files.delete(logPath);
            Files.move(moved, logPath);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/healthcheck").statusCode() == 200);
        List<String> leftovers = new ArrayList<>();
        try (var files = Files.list(logPath)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".ziggyd-health")).forEach(leftovers::add);
        }
        assertEquals(List.of(), leftovers, "the probe cleans up after itself");
    }
}
