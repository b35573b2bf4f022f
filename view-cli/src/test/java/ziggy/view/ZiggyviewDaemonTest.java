package ziggy.view;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.FreePort;

/** ziggyview as a user runs it (a child JVM) against the real ziggyd (another child JVM). */
class ZiggyviewDaemonTest {
    @TempDir
    Path logPath;

    private final AtomicInteger sequence = new AtomicInteger();

    @Test
    void theLiveStreamFollowsFiltersAndLimitsAcrossADaemonRestartAndCtrlCEndsIt() {
        try (RealDaemon daemon = new RealDaemon(logPath);
                ToolRun prefix = ToolRun.start(Ziggyview.class, null, List.of(), "-H", daemon.control(), "--type-name", "request*",
                        "--quiet-after", "1");
                ToolRun exact = ToolRun.start(Ziggyview.class, null, List.of(), "-H", daemon.control(), "--type-name=request",
                        "--quiet-after", "1");
                ToolRun limited = ToolRun.start(Ziggyview.class, null, List.of(), "-H", daemon.control(), "--where", "phase=before",
                        "--limit", "2")) {
            // Subscriptions take a moment to reach the daemon: send until each has printed one.
            sendUntilEachPrints(daemon, "before", prefix, exact, limited);
            daemon.send(event("request", "before"));
            assertEquals(0, limited.awaitExit(Duration.ofSeconds(10)), limited.stderr()); // --limit ends the stream
            assertEquals(2, limited.jsonLines().size());
            daemon.send(event("login", "before-login"));
            daemon.send(event("request.sql", "before-sql"));
            daemon.send(event("request", "before-end"));
            awaitPhase(prefix, "before-end");
            awaitPhase(exact, "before-end");

            daemon.kill9();
            daemon.start(); // the same control port, a new random stream port
            sendUntilEachPrints(daemon, "after", prefix, exact);
            daemon.send(event("request.sql", "after-sql"));
            daemon.send(event("request", "after-end"));
            awaitPhase(prefix, "after-end");
            awaitPhase(exact, "after-end");

            prefix.interrupt();
            exact.interrupt();
            assertEquals(0, prefix.awaitExit(Duration.ofSeconds(10)), prefix.stderr());
            assertEquals(0, exact.awaitExit(Duration.ofSeconds(10)), exact.stderr());

            List<String> prefixTypes = prefix.jsonLines().stream().map(node -> node.get("type").asText()).distinct().sorted().toList();
            List<String> exactTypes = exact.jsonLines().stream().map(node -> node.get("type").asText()).distinct().toList();
            assertEquals(List.of("request", "request.sql"), prefixTypes);
            assertEquals(List.of("request"), exactTypes);
            assertTrue(prefix.jsonLines().stream().anyMatch(node -> node.get("phase").asText().equals("after-sql")));
            assertTrue(prefix.stderr().contains("following its stream on port"), prefix.stderr());
        }
    }

    @Test
    void aDaemonThatDoesNotAnswerIsOneLineAndExitOneWithinAFewSeconds() {
        ToolRun run = ToolRun.run(Ziggyview.class, null, "-H", "127.0.0.1:" + FreePort.pick(), "--type-name", "request*");
        run.assertOneLineFailure(1);
        assertTrue(run.took().compareTo(Duration.ofSeconds(5)) < 0, "took " + run.took());
    }

    @Test
    void threeDaysOfFilesWrittenByTheDaemonReadBackFromTheLogPathAndFromStdin() throws Exception {
        try (RealDaemon daemon = new RealDaemon(logPath)) {
            for (int day = 20; day <= 23; day++) {
                double noon = LocalDate.of(2026, 11, day).atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
                for (int i = 0; i < 3; i++) {
                    daemon.send(bson("{type: 'request', id: 'r" + day + i + "', start: " + (noon + i) + ", day: " + day + ", i: " + i + "}"));
                    daemon.send(bson("{type: 'request.sql', id: 'r" + day + i + "', start: " + (noon + i) + ", day: " + day + ", i: " + i + "}"));
                }
            }
            try (ControlClient client = new ControlClient(Endpoint.parse(daemon.control(), "test"), Duration.ofSeconds(3))) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> client.status().getDocument("total").getNumber("events").longValue() == 24);
            }
            assertEquals(0, daemon.terminate(), daemon.output()); // SIGTERM: files flushed and closed
        }

        String[] range = {"--log-path", logPath.toString(), "--start-date", "20261120", "--end-date", "20261122"};
        ToolRun exact = ToolRun.run(Ziggyview.class, null, with(range, "--type-name", "request"));
        assertEquals(0, exact.exitCode(), exact.stderr());
        assertEquals(List.of("20/0", "20/1", "20/2", "21/0", "21/1", "21/2", "22/0", "22/1", "22/2"), dayAndIndex(exact.jsonLines()));

        ToolRun prefix = ToolRun.run(Ziggyview.class, null, with(range, "--type-name", "request*"));
        assertEquals(18, prefix.jsonLines().size());

        ToolRun grouped = ToolRun.run(Ziggyview.class, null, with(range, "--type-name", "request*", "--group", "--limit", "4"));
        assertEquals(List.of("request.sql", "request", "request.sql", "request"),
                grouped.jsonLines().stream().map(node -> node.get("type").asText()).toList());

        Path file = logPath.resolve("request.20261123.bson");
        assertTrue(Files.exists(file));
        ToolRun stdin = ToolRun.run(Ziggyview.class, file);
        assertEquals(0, stdin.exitCode(), stdin.stderr());
        assertEquals(List.of("23/0", "23/1", "23/2"), dayAndIndex(stdin.jsonLines()));
    }

    private void sendUntilEachPrints(RealDaemon daemon, String phase, ToolRun... views) {
        Predicate<ToolRun> printed = view -> view.jsonLines().stream().anyMatch(node -> node.get("phase").asText().equals(phase));
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                daemon.send(event("request", phase));
                return List.of(views).stream().allMatch(printed);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder seen = new StringBuilder("no '" + phase + "' event printed by every view; daemon:\n" + daemon.output());
            for (ToolRun view : views) {
                seen.append("\nview ").append(view.describe()).append(" stderr:\n").append(view.stderr())
                        .append("\nview stdout:\n").append(view.stdout());
            }
            throw new AssertionError(seen.toString(), e);
        }
    }

    private static void awaitPhase(ToolRun view, String phase) {
        await().atMost(Duration.ofSeconds(10)).until(
                () -> view.jsonLines().stream().anyMatch(node -> node.get("phase").asText().equals(phase)));
    }

    private byte[] event(String type, String phase) {
        return bson("{type: '" + type + "', phase: '" + phase + "', n: " + sequence.incrementAndGet() + "}");
    }

    private static List<String> dayAndIndex(List<JsonNode> events) {
        return events.stream().map(node -> node.get("day").asInt() + "/" + node.get("i").asInt()).toList();
    }

    private static String[] with(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private static byte[] bson(String json) {
        return ZiggyviewFilesTest.bson(json);
    }
}
