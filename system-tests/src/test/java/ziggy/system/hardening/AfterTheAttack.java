package ziggy.system.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import ziggy.protocol.file.BsonFileReader;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/** What an operator checks once an attack is over, on a packaged daemon with {@code --http}. */
final class AfterTheAttack {
    /** The shipped heap is 192 MiB; the daemon's budgets keep the whole process within 256 MiB, as the issue asks. */
    static final long RESIDENT_LIMIT = 256L << 20;
    private static final int BATCH = 100;

    private AfterTheAttack() {
    }

    /**
     * STATUS answers, {@code /healthcheck} is 200, {@code count} good events of type {@code type} land in
     * the day files once each, the resident memory is under {@link #RESIDENT_LIMIT}; returns the STATUS.
     */
    static BsonDocument assertStillCollecting(RealDaemon daemon, int httpPort, String type, int count) {
        answeredStatus(daemon);
        assertEquals(200, healthcheck(httpPort), "/healthcheck");
        sendGoodEvents(daemon, type, count);
        idCounts(daemon.logPath(), type).forEach((id, times) -> assertEquals(1, times, id + " is written once"));
        long resident = daemon.residentBytes();
        assertTrue(resident < RESIDENT_LIMIT, "resident memory " + (resident >> 20) + " MiB");
        return answeredStatus(daemon);
    }

    /**
     * In batches, each awaited in the day files: the daemon's client sends without waiting, so a queue
     * left to fill up would drop events that the count then misses.
     */
    private static void sendGoodEvents(RealDaemon daemon, String type, int count) {
        double now = System.currentTimeMillis() / 1000.0;
        for (int i = 0; i < count; i++) {
            daemon.send(TestEvents.bson("{\"type\": \"" + type + "\", \"id\": \"" + type + "-" + i
                    + "\", \"host\": \"check\", \"start\": " + now + "}"));
            int sent = i + 1;
            if (sent % BATCH == 0 || sent == count) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertEquals(sent, idCounts(daemon.logPath(), type).size(), "good events in the day files; STATUS "
                                + daemon.status()));
            }
        }
    }

    /**
     * STATUS, asked again for up to 5 s: each ask waits half a second, and a fresh JeroMQ REQ now and then
     * stalls in its own handshake, which is not the daemon's to answer for.
     */
    static BsonDocument answeredStatus(RealDaemon daemon) {
        BsonDocument[] status = new BsonDocument[1];
        await("STATUS answers").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ZERO)
                .until(() -> (status[0] = daemon.status()) != null);
        return status[0];
    }

    /** The status code of {@code GET /healthcheck}, which must answer within a second. */
    static int healthcheck(int httpPort) {
        return get(httpPort, "/healthcheck").statusCode();
    }

    /** The sample lines of {@code /metrics}, as Prometheus scrapes them. */
    static String metrics(int httpPort) {
        return get(httpPort, "/metrics").body();
    }

    private static HttpResponse<String> get(int httpPort, String path) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(1)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(path + " did not answer within a second: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM ends the daemon with status 0, and then every day file decodes whole. */
    static void assertStopsCleanly(RealDaemon daemon) {
        assertEquals(0, daemon.terminate(), "exit status after SIGTERM; daemon:\n" + daemon.output());
        try (Stream<Path> files = Files.list(daemon.logPath())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".bson")).toList()) {
                try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                    for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                        assertTrue(item instanceof BsonFileReader.Document, file + ": " + item);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times each id of {@code type} is in the day files (read while they are written: whole documents only). */
    static Map<String, Integer> idCounts(Path logPath, String type) {
        Map<String, Integer> counts = new HashMap<>();
        try (Stream<Path> files = Files.list(logPath)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(type + ".")).toList()) {
                try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                    for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                        if (item instanceof BsonFileReader.Document document) {
                            counts.merge(new RawBsonDocument(document.bytes()).getString("id").getValue(), 1, Integer::sum);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
