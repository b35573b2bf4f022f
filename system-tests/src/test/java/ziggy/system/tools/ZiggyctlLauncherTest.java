package ziggy.system.tools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.testing.TestEvents.bson;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.FreePort;
import ziggy.testing.RealDaemon;
import ziggy.testing.ToolRun;

/** {@code packaging/bin/ziggyctl} against a {@code packaging/bin/ziggyd}, and against none. */
class ZiggyctlLauncherTest {
    @TempDir
    Path logPath;

    @Test
    void statusShowsTheDaemonAsATableAndAsJsonThenShutdownStopsItCleanly() {
        try (RealDaemon daemon = Launchers.ziggyd(logPath)) {
            double now = System.currentTimeMillis() / 1000.0;
            daemon.send(bson("{type: 'request', host: 'web1', start: " + now + ", end: " + (now + 0.01) + "}"));
            daemon.send(bson("{type: 'request', host: 'web1', start: " + now + "}"));
            daemon.send(bson("{type: 'request.sql', host: 'web2', start: " + now + "}"));
            daemon.send(new byte[] {1, 2, 3}); // not BSON: rejected, counted
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                BsonDocument status = daemon.status();
                return status != null && status.getDocument("total").getNumber("events").longValue() == 3;
            });

            ToolRun json = Launchers.run("ziggyctl", null, "-H", daemon.control(), "status", "--json");
            assertEquals(0, json.exitCode(), json.stderr());
            List<JsonNode> lines = json.jsonLines();
            assertEquals(1, lines.size(), json.stdout());
            JsonNode status = lines.get(0);
            assertEquals(3, status.at("/total/events").asLong());
            assertEquals(2, status.at("/events/request/count").asLong());
            assertEquals(1, status.at("/events/request.sql/count").asLong());
            assertEquals(2, status.at("/hosts/web1/count").asLong());
            assertTrue(status.get("last").isNumber() && status.get("lag").isNumber(), status.toString());
            long rejected = 0;
            for (JsonNode count : status.get("rejected")) {
                rejected += count.asLong();
            }
            assertEquals(1, rejected, status.get("rejected").toString());

            ToolRun table = Launchers.run("ziggyctl", null, "status", "-H", daemon.control());
            assertEquals(0, table.exitCode(), table.stderr());
            List<String> rows = table.stdout().lines().toList();
            assertTrue(rows.get(0).matches("ziggyd \\S+ at " + daemon.control().replace(".", "\\.") + ", master, up \\d+ s"), rows.get(0));
            assertTrue(rows.stream().anyMatch(row -> row.matches("last event +\\d+ s ago \\(lag -?\\d+\\.\\d{3} s\\)")), table.stdout());
            assertTrue(rows.stream().anyMatch(row -> row.matches("taken in +3 events, \\d+ bytes")), table.stdout());
            assertTrue(rows.stream().anyMatch(row -> row.matches("rejected +1: 1 \\S+")), table.stdout());
            assertTrue(rows.stream().anyMatch(row -> row.matches("request +2 +\\d+ s ago")), table.stdout());
            assertTrue(rows.stream().anyMatch(row -> row.matches("request\\.sql +1 +\\d+ s ago")), table.stdout());
            assertTrue(rows.stream().anyMatch(row -> row.matches("web2 +1 +\\d+ s ago")), table.stdout());

            // Without the daemon's admin token (the packaged default file is not this daemon's) it is refused.
            ToolRun refused = Launchers.run("ziggyctl", null, "-H", daemon.control(), "shutdown",
                    "--admin-token-file", daemon.logPath().resolve("no-such-token").toString());
            assertEquals(1, refused.exitCode(), refused.stderr());
            assertTrue(refused.stderr().contains("Not Authorized"), refused.stderr());
            assertEquals(1, refused.stderr().lines().count(), refused.stderr());
            // Asked up to three times on fresh sockets: one JeroMQ first handshake may stall (0.6.0).
            assertTrue(daemon.requiredStatus() != null, "the daemon still runs");

            ToolRun shutdown = Launchers.run("ziggyctl", null, "-H", daemon.control(), "shutdown",
                    "--admin-token-file", daemon.adminTokenFile().toString());
            assertEquals(0, shutdown.exitCode(), shutdown.stderr());
            assertEquals("ziggyd at " + daemon.control() + " is stopping", shutdown.stdout().strip());
            assertEquals(0, daemon.awaitExit(), daemon.output());
        }
    }

    /**
     * One shutdown in 27 used to print a JeroMQ stack trace ({@code ClosedChannelException} in
     * {@code TcpListener.processTerm}) between "stopping" and "stopped": ten fresh daemons, each stopped by
     * {@code ziggyctl shutdown}, must each exit 0 and print no exception at all.
     */
    @Test
    void shutdownTenTimesInARowStopsEachDaemonWithStatusZeroAndNoStackTrace() throws IOException {
        for (int run = 1; run <= 10; run++) {
            try (RealDaemon daemon = Launchers.ziggyd(Files.createDirectory(logPath.resolve("run-" + run)))) {
                ToolRun shutdown = Launchers.run("ziggyctl", null, "-H", daemon.control(), "shutdown",
                    "--admin-token-file", daemon.adminTokenFile().toString());
                assertEquals(0, shutdown.exitCode(), "run " + run + ": " + shutdown.stderr());
                assertEquals("", shutdown.stderr(), "run " + run);
                assertEquals(0, daemon.awaitExit(), "run " + run + ":\n" + daemon.output());
                String output = daemon.output();
                assertTrue(output.contains("stopped"), "run " + run + ":\n" + output);
                assertFalse(output.contains("\tat ") || output.contains("Exception"), "run " + run + ":\n" + output);
            }
        }
    }

    @Test
    void statusOnAnAgentShowsItsQueueAndForwarderFallingBehindAndCatchingUp(@TempDir Path queuePath) {
        try (RealDaemon master = Launchers.ziggyd(logPath); RealDaemon agent = master.agentForwardingHere(queuePath)) {
            String upstream = "127\\.0\\.0\\.1:\\d+";
            sendRequests(agent, 3);
            awaitSeq(agent, "forward", "acknowledged_seq", 3);
            assertEquals(0, master.terminate(), master.output());

            sendRequests(agent, 4);
            awaitSeq(agent, "queue", "written_seq", 7);
            List<String> behind = statusRows(agent);
            assertTrue(behind.get(0).matches("ziggyd \\S+ at " + agent.control().replace(".", "\\.") + ", agent, up \\d+ s"), behind.get(0));
            assertTrue(behind.contains("Queue") && behind.contains("Forward"), String.join("\n", behind));
            assertTrue(behind.stream().anyMatch(row -> row.matches("  held +4 events, \\d+ bytes in \\d+ segments?")), String.join("\n", behind));
            assertTrue(behind.stream().anyMatch(row -> row.matches("  oldest +appended \\d+ s ago, not yet acknowledged")), String.join("\n", behind));
            assertTrue(behind.stream().anyMatch(row -> row.matches("  lost +0 dropped, 0 corrupt, 0 rejected")), String.join("\n", behind));
            assertTrue(behind.stream().anyMatch(row -> row.matches("  upstream +" + upstream + ": .+")), String.join("\n", behind));
            assertTrue(behind.stream().anyMatch(row -> row.matches("  acknowledged +seq 3, 4 behind")), String.join("\n", behind));

            master.start();
            awaitSeq(agent, "forward", "acknowledged_seq", 7);
            List<String> caughtUp = statusRows(agent);
            assertTrue(caughtUp.stream().anyMatch(row -> row.matches("  held +0 events, .+")), String.join("\n", caughtUp));
            assertTrue(caughtUp.contains("  oldest  none: every event is acknowledged"), String.join("\n", caughtUp));
            assertTrue(caughtUp.stream().anyMatch(row -> row.matches("  upstream +" + upstream + ": connected, batches")),
                    String.join("\n", caughtUp));
            assertTrue(caughtUp.stream().anyMatch(row -> row.matches("  sent +seq 7 in \\d+ batch(es)?")), String.join("\n", caughtUp));
            assertTrue(caughtUp.stream().anyMatch(row -> row.matches("  acknowledged +seq 7, caught up")), String.join("\n", caughtUp));

            List<String> onTheMaster = statusRows(master);
            assertTrue(onTheMaster.get(0).contains(", master, up "), onTheMaster.get(0));
            assertTrue(onTheMaster.stream().anyMatch(row -> row.matches("batches +\\d+ received, 4 events from 1 source; .+")),
                    "the restarted master took the 4 events it had missed: " + String.join("\n", onTheMaster));
            assertFalse(onTheMaster.contains("Queue") || onTheMaster.contains("Forward"), String.join("\n", onTheMaster));
        }
    }

    private static void sendRequests(RealDaemon daemon, int count) {
        double now = System.currentTimeMillis() / 1000.0;
        for (int i = 0; i < count; i++) {
            daemon.send(bson("{type: 'request', host: 'web1', start: " + now + "}"));
        }
    }

    /** Waits until the agent's STATUS says {@code section.key} is {@code seq}. */
    private static void awaitSeq(RealDaemon agent, String section, String key, long seq) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            BsonDocument status = agent.status();
            return status != null && status.getDocument(section).getNumber(key).longValue() == seq;
        });
    }

    private static List<String> statusRows(RealDaemon daemon) {
        ToolRun table = Launchers.run("ziggyctl", null, "-H", daemon.control(), "status");
        assertEquals(0, table.exitCode(), table.stderr());
        return table.stdout().lines().toList();
    }

    @Test
    void aDaemonThatDoesNotAnswerIsOneLineAndExitOneWithinFiveSeconds() {
        String nobody = "127.0.0.1:" + FreePort.pick();
        for (String command : List.of("status", "shutdown")) {
            ToolRun run = Launchers.run("ziggyctl", null, "-H", nobody, command);
            run.assertOneLineFailure(1);
            assertTrue(run.took().compareTo(Duration.ofSeconds(5)) < 0, command + " took " + run.took());
            assertTrue(run.stderr().startsWith("ziggyctl: no reply from the control port " + nobody), run.stderr());
        }
    }

    @Test
    void badFlagsAreOneLineAndExitTwoAndVersionNamesTheTool() {
        Launchers.run("ziggyctl", null).assertOneLineFailure(2);
        Launchers.run("ziggyctl", null, "restart").assertOneLineFailure(2);
        Launchers.run("ziggyctl", null, "status", "--tables").assertOneLineFailure(2);
        ToolRun version = Launchers.run("ziggyctl", null, "--version");
        assertEquals(0, version.exitCode(), version.stderr());
        assertTrue(version.stdout().startsWith("ziggyctl "), version.stdout());
        assertFalse(version.stdout().contains("unknown"), "the build stamps the version: " + version.stdout());
    }

}
