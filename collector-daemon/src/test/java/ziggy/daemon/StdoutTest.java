package ziggy.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.EventLoad;
import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/** ziggyd --stdout in a child process whose stdout the test reads apart from its stderr, or leaves unread. */
class StdoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path logPath;

    /** Every line of the child's stdout, read on a thread of its own until the pipe closes. */
    private static final class StdoutLines {
        private final List<String> lines = new ArrayList<>();

        StdoutLines(RealDaemon daemon) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(daemon.stdout(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (this) {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "test-stdout-reader");
            reader.setDaemon(true);
            reader.start();
        }

        synchronized List<String> lines() {
            return new ArrayList<>(lines);
        }

        synchronized int count() {
            return lines.size();
        }
    }

    private static BsonDocument stdoutStatus(RealDaemon daemon) {
        return daemon.requiredStatus().getDocument("stdout");
    }

    @Test
    void eachEventTakenInIsAJsonLineOnStdoutAndTheDaemonsOwnLogIsOnStderr() throws Exception {
        try (RealDaemon daemon = RealDaemon.master(logPath).withStdoutPiped().with("--stdout").start()) {
            StdoutLines stdout = new StdoutLines(daemon);
            double start = TestEvents.utc(2026, 12, 2, 17, 0, 0) + 0.5;
            for (int n = 0; n < 3; n++) {
                daemon.send(TestEvents.event(n == 1 ? "request.sql" : "request", start + n, n));
            }
            await().atMost(WAIT).until(() -> stdout.count() == 3);
            List<String> lines = stdout.lines();
            for (int n = 0; n < 3; n++) {
                JsonNode event = JSON.readTree(lines.get(n));
                assertEquals(n == 1 ? "request.sql" : "request", event.get("type").asText());
                assertEquals("id-" + n, event.get("id").asText());
                assertEquals("web-1", event.get("host").asText());
                assertEquals(4242, event.get("pid").asInt());
                assertEquals(start + n, event.get("start").asDouble(), 1e-9);
                assertEquals(n, event.get("body").get("n").asInt());
            }
            assertEquals("json", stdoutStatus(daemon).getString("format").getValue());
            assertEquals(3, stdoutStatus(daemon).getNumber("written").longValue());
            assertTrue(daemon.shutdown().getBoolean("ok").getValue());
            daemon.awaitExit();
            String stderr = daemon.output();
            assertTrue(stderr.contains("collecting on"), stderr);
            assertTrue(stderr.contains("--stdout=json"), stderr);
            await().atMost(WAIT).until(() -> stdout.count() == 3);
            for (String line : stdout.lines()) {
                assertFalse(line.contains("collecting on") || line.contains("stopping"), line);
                JSON.readTree(line);
            }
        }
    }

    @Test
    void textWritesLogEventsAsLogLinesAndOtherEventsAsJson() throws Exception {
        try (RealDaemon daemon = RealDaemon.master(logPath).withStdoutPiped().with("--stdout=text").start()) {
            StdoutLines stdout = new StdoutLines(daemon);
            double start = TestEvents.utc(2026, 12, 2, 17, 0, 0) + 0.123;
            daemon.send(TestEvents.bytes(BsonDocument.parse("{type: 'log.app', host: 'web-1', start: " + start
                    + ", body: {level: 'INFO', logger: 'app.db', message: 'pool full\\nretrying'}}")));
            await().atMost(WAIT).until(() -> stdout.count() == 1);
            daemon.send(TestEvents.event("request", start, 7));
            await().atMost(WAIT).until(() -> stdout.count() == 2);
            List<String> lines = stdout.lines();
            assertEquals("2026-12-02T17:00:00.123Z INFO app.db: pool full\\nretrying", lines.get(0));
            JsonNode request = JSON.readTree(lines.get(1));
            assertEquals("request", request.get("type").asText());
            assertEquals("id-7", request.get("id").asText());
            assertFalse(daemon.output().contains("pool full"), "events are on stdout only");
        }
    }

    @Test
    void aStdoutNobodyReadsDropsForStdoutOnlyAndEveryEventReachesTheDayFiles() throws Exception {
        int events = 100_000;
        int httpPort = FreePort.pick();
        try (RealDaemon daemon = RealDaemon.master(logPath).withStdoutPiped().with("--stdout", "--http=127.0.0.1:" + httpPort).start()) {
            EventLoad.send(daemon.collectPort(), "slow", events);
            await().atMost(Duration.ofSeconds(120)).until(() -> daemon.totalEvents() == events);
            await().atMost(WAIT).until(() -> DayFileIds.events(logPath) == events);
            Map<String, Integer> ids = DayFileIds.counts(logPath);
            assertEquals(events, ids.size());
            assertTrue(ids.values().stream().allMatch(count -> count == 1), "each event once in the day files");
            BsonDocument stuck = stdoutStatus(daemon);
            long dropped = stuck.getNumber("dropped").longValue();
            assertTrue(dropped > 0, stuck::toString);
            assertTrue(stuck.getNumber("buffered_bytes").longValue() > 0, stuck::toString);
            String metrics = HttpProbe.ask(httpPort, "GET", "/metrics", WAIT).body();
            assertTrue(metrics.contains("ziggyd_stdout_dropped_events_total " + dropped + ".0")
                    || metrics.contains("ziggyd_stdout_dropped_events_total " + (double) dropped), metrics);

            StdoutLines stdout = new StdoutLines(daemon);
            await().atMost(WAIT).until(() -> {
                BsonDocument now = stdoutStatus(daemon);
                return now.getNumber("written").longValue() + now.getNumber("dropped").longValue() == events
                        && stdout.count() == now.getNumber("written").longValue();
            });
            assertEquals(dropped, stdoutStatus(daemon).getNumber("dropped").longValue(), "no drop once read");
            daemon.send(TestEvents.event("request", TestEvents.utc(2026, 12, 2, 17, 0, 0), 1));
            await().atMost(WAIT).until(() -> {
                List<String> lines = stdout.lines();
                return !lines.isEmpty() && lines.get(lines.size() - 1).contains("\"id-1\"");
            });
        }
    }

    @Test
    void sighupAndReloadSwitchStdoutWithoutARestartAndEveryEventStillLands() throws Exception {
        Path config = logPath.resolveSibling(logPath.getFileName() + ".conf");
        Files.writeString(config, "stdout = off\n");
        try (RealDaemon daemon = RealDaemon.master(logPath).withStdoutPiped().with("--config=" + config).start()) {
            StdoutLines stdout = new StdoutLines(daemon);
            long pid = daemon.pid();
            EventLoad.send(daemon.collectPort(), "off", 100);

            Files.writeString(config, "stdout = json\n");
            daemon.hangUp();
            await().atMost(WAIT).until(() -> stdoutStatus(daemon).getString("format").getValue().equals("json"));
            EventLoad.send(daemon.collectPort(), "json", 100);
            await().atMost(WAIT).until(() -> stdout.count() == 100);
            for (String line : stdout.lines()) {
                assertTrue(JSON.readTree(line).get("id").asText().startsWith("json-"), line);
            }

            Files.writeString(config, "stdout = text\n");
            assertEquals(new BsonArray(List.of(new BsonString("stdout"))), daemon.reload().getArray("applied"));
            daemon.send(TestEvents.bson("{type: 'log.app', id: 'text-1', start: 1796580000.123, "
                    + "body: {level: 'INFO', logger: 'app.db', message: 'switched'}}"));
            await().atMost(WAIT).until(() -> stdout.count() == 101);
            assertEquals("2026-12-06T18:00:00.123Z INFO app.db: switched", stdout.lines().get(100));

            assertEquals(pid, daemon.pid(), "the same process: no restart");
            await().atMost(WAIT).until(() -> DayFileIds.counts(logPath).size() == 201);
            DayFileIds.counts(logPath).forEach((id, count) -> assertEquals(1, count, id + " once"));
        }
    }
}
