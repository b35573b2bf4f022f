package ziggy.system.tools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.FreePort;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;
import ziggy.testing.ToolRun;

/** {@code packaging/bin/ziggyview -H}: the live stream of a {@code packaging/bin/ziggyd}, and of none. */
class ZiggyviewLiveLauncherTest {
    @TempDir
    Path logPath;

    private final AtomicInteger sequence = new AtomicInteger();

    @Test
    void theLiveStreamKeepsItsFiltersAcrossADaemonRestartAndCtrlCEndsItWithExitZero() {
        try (RealDaemon daemon = Launchers.ziggyd(logPath);
                ToolRun prefix = Launchers.start("ziggyview", null, "-H", daemon.control(), "--type-name", "request*", "--quiet-after", "1");
                ToolRun exact = Launchers.start("ziggyview", null, "-H", daemon.control(), "--type-name=request", "--quiet-after", "1");
                ToolRun limited = Launchers.start("ziggyview", null, "-H", daemon.control(), "--where", "phase=before", "--limit", "2")) {
            // A subscription takes a moment to reach the daemon: send until each view has printed one.
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
            daemon.start(); // the same control port, a new stream port
            sendUntilEachPrints(daemon, "after", prefix, exact);
            daemon.send(event("request.sql", "after-sql"));
            daemon.send(event("request", "after-end"));
            awaitPhase(prefix, "after-end");
            awaitPhase(exact, "after-end");

            prefix.interrupt();
            exact.interrupt();
            assertEquals(0, prefix.awaitExit(Duration.ofSeconds(10)), prefix.stderr());
            assertEquals(0, exact.awaitExit(Duration.ofSeconds(10)), exact.stderr());
            assertEquals(List.of("request", "request.sql"), types(prefix).stream().distinct().sorted().toList());
            assertEquals(List.of("request"), types(exact).stream().distinct().toList());
            assertTrue(phases(prefix).containsAll(List.of("before-sql", "after-sql")), phases(prefix).toString());
            assertTrue(prefix.stderr().contains("following its stream on port"), prefix.stderr());
        }
    }

    @Test
    void aDaemonThatDoesNotAnswerIsOneLineAndExitOneWithinFiveSeconds() {
        ToolRun run = Launchers.run("ziggyview", null, "-H", "127.0.0.1:" + FreePort.pick(), "--type-name", "request*");
        run.assertOneLineFailure(1);
        assertTrue(run.took().compareTo(Duration.ofSeconds(5)) < 0, "took " + run.took());
        assertTrue(run.stderr().startsWith("ziggyview: no reply from the control port"), run.stderr());
    }

    private void sendUntilEachPrints(RealDaemon daemon, String phase, ToolRun... views) {
        Predicate<ToolRun> printed = view -> phases(view).contains(phase);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                daemon.send(event("request", phase));
                return List.of(views).stream().allMatch(printed);
            });
        } catch (ConditionTimeoutException e) {
            StringBuilder seen = new StringBuilder("no '" + phase + "' event printed by every view; daemon:\n" + daemon.output());
            for (ToolRun view : views) {
                seen.append("\nview ").append(view.describe()).append(" stderr:\n").append(view.stderr())
                        .append("\nview stdout:\n").append(view.stdout());
            }
            throw new AssertionError(seen.toString(), e);
        }
    }

    private static void awaitPhase(ToolRun view, String phase) {
        await().atMost(Duration.ofSeconds(10)).until(() -> phases(view).contains(phase));
    }

    private static List<String> phases(ToolRun view) {
        return view.jsonLines().stream().map(node -> node.get("phase").asText()).toList();
    }

    private static List<String> types(ToolRun view) {
        return view.jsonLines().stream().map(node -> node.get("type").asText()).toList();
    }

    private byte[] event(String type, String phase) {
        return TestEvents.bson("{type: '" + type + "', phase: '" + phase + "', n: " + sequence.incrementAndGet() + "}");
    }
}
