package ziggy.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.testing.ConnectionFlood;
import ziggy.testing.HttpProbe;

/**
 * The HTTP server with its shipped limits ({@link HttpServer.Limits#DEFAULTS}: 64 connections) on a real
 * socket, while a local attacker holds three times as many connections open: a monitor's probe on a fresh
 * connection must still get its answer within a second, every time.
 */
class HealthUnderConnectionFloodTest {
    private static final int FLOOD = 200;
    private static final int PROBES = 5;
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(1);

    @TempDir
    Path logPath;

    private HttpServer server;

    @BeforeEach
    void start() throws InterruptedException {
        BsonDocument status = new BsonDocument("uptime", new BsonDouble(12.5)).append("version", new BsonString("test"));
        DayFileWrites writes = new DayFileWrites();
        DaemonPages pages = new DaemonPages(() -> status,
                new DaemonHealth("testhost", () -> status).add(new LogFolderHealth(logPath, writes)), writes);
        server = HttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), pages, HttpServer.Limits.DEFAULTS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyProbeIsAnsweredWithinASecondWhile200IdleConnectionsAreHeldOpen() throws Exception {
        try (ConnectionFlood flood = ConnectionFlood.idle(server.port(), FLOOD)) {
            assertEveryProbeAnsweredInTime();
            assertTrue(server.connectionCounts().shed() >= FLOOD - HttpServer.Limits.DEFAULTS.maxConnections(),
                    "idle connections shed: " + server.connectionCounts() + ", reopened by the attacker: " + flood.reopened());
        }
        assertTrue(server.connectionCounts().open() <= HttpServer.Limits.DEFAULTS.maxConnections());
    }

    @Test
    void everyProbeIsAnsweredWithinASecondWhile200SlowlorisConnectionsTrickleHeaders() throws Exception {
        try (ConnectionFlood flood = ConnectionFlood.slowloris(server.port(), FLOOD, Duration.ofMillis(500))) {
            assertEveryProbeAnsweredInTime();
            assertTrue(server.connectionCounts().shed() >= FLOOD - HttpServer.Limits.DEFAULTS.maxConnections(),
                    "slowloris connections shed: " + server.connectionCounts() + ", reopened by the attacker: " + flood.reopened());
        }
    }

    private void assertEveryProbeAnsweredInTime() throws Exception {
        for (int probe = 1; probe <= PROBES; probe++) {
            HttpProbe.Answer answer = HttpProbe.ask(server.port(), "GET", "/healthcheck", PROBE_LIMIT);
            assertEquals(200, answer.status(), "probe " + probe);
            assertTrue(answer.took().compareTo(PROBE_LIMIT) < 0, "probe " + probe + " took " + answer.took());
        }
    }

    @Test
    void headIsAnsweredAsGetIsWithoutTheBody() throws Exception {
        HttpProbe.Answer get = HttpProbe.ask(server.port(), "GET", "/healthcheck", PROBE_LIMIT);
        HttpProbe.Answer head = HttpProbe.ask(server.port(), "HEAD", "/healthcheck", PROBE_LIMIT);
        assertEquals(200, head.status());
        assertEquals("", head.body());
        assertEquals(get.headers().get("content-type"), head.headers().get("content-type"));
        assertEquals(get.headers().get("content-length"), head.headers().get("content-length"));
        assertEquals(200, HttpProbe.ask(server.port(), "HEAD", "/metrics", PROBE_LIMIT).status());
        assertEquals(200, HttpProbe.ask(server.port(), "HEAD", "/status", PROBE_LIMIT).status());
        assertEquals(404, HttpProbe.ask(server.port(), "HEAD", "/nope", PROBE_LIMIT).status());
    }

    @Test
    void postIs405AndSaysGetAndHeadAreAllowed() throws Exception {
        HttpProbe.Answer post = HttpProbe.ask(server.port(), "POST", "/healthcheck", PROBE_LIMIT);
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.headers().get("allow"));
    }
}
