package ziggy.ctl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.FreePort;

/** ziggyctl as a user runs it (a child JVM) against the real ziggyd (another child JVM). */
class ZiggyctlTest {
    @TempDir
    Path logPath;

    @Test
    void statusShowsTheDaemonAtAGlanceAndJsonGivesTheRawReply() {
        try (RealDaemon daemon = new RealDaemon(logPath)) {
            double now = System.currentTimeMillis() / 1000.0;
            daemon.send(bson("{type: 'request', host: 'web1', start: " + now + ", end: " + now + "}"));
            daemon.send(bson("{type: 'request', host: 'web1', start: " + now + "}"));
            daemon.send(bson("{type: 'request.sql', host: 'web2', start: " + now + "}"));
            daemon.send(new byte[] {1, 2, 3}); // not BSON: rejected, counted

            JsonNode status = await().atMost(Duration.ofSeconds(10)).until(
                    () -> ToolRun.run(Ziggyctl.class, null, "-H", daemon.control(), "status", "--json").jsonLines().get(0),
                    node -> node.at("/total/events").asLong() == 3 && rejects(node) == 1);
            assertEquals(2, status.at("/events/request/count").asLong());
            assertEquals(1, status.at("/events/request.sql/count").asLong());
            assertEquals(2, status.at("/hosts/web1/count").asLong());
            assertTrue(status.get("last").isNumber());

            ToolRun table = ToolRun.run(Ziggyctl.class, null, "status", "-H", daemon.control());
            assertEquals(0, table.exitCode(), table.stderr());
            List<String> lines = table.stdout().lines().toList();
            assertTrue(lines.get(0).startsWith("ziggyd ") && lines.get(0).contains(" at " + daemon.control() + ", up "), lines.get(0));
            assertTrue(lines.stream().anyMatch(line -> line.matches("taken in +3 events, \\d+ bytes")), table.stdout());
            assertTrue(lines.stream().anyMatch(line -> line.matches("rejected +1: 1 \\S+")), table.stdout());
            assertTrue(lines.stream().anyMatch(line -> line.matches("request +2 +\\d+ s ago")), table.stdout());
            assertTrue(lines.stream().anyMatch(line -> line.matches("request\\.sql +1 +\\d+ s ago")), table.stdout());
            assertTrue(lines.stream().anyMatch(line -> line.matches("web2 +1 +\\d+ s ago")), table.stdout());
        }
    }

    @Test
    void shutdownWaitsForTheReplyAndTheDaemonStopsCleanly() {
        try (RealDaemon daemon = new RealDaemon(logPath)) {
            ToolRun run = ToolRun.run(Ziggyctl.class, null, "-H", daemon.control(), "shutdown");
            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(0, daemon.awaitExit(), daemon.output());
        }
    }

    @Test
    void aDaemonThatDoesNotAnswerIsOneLineAndExitOneWithinFiveSeconds() {
        for (String command : List.of("status", "shutdown")) {
            ToolRun run = ToolRun.run(Ziggyctl.class, null, "-H", "127.0.0.1:" + FreePort.pick(), command);
            run.assertOneLineFailure(1);
            assertTrue(run.took().compareTo(Duration.ofSeconds(5)) < 0, "took " + run.took());
            assertTrue(run.stderr().startsWith("ziggyctl: no reply from the control port 127.0.0.1:"), run.stderr());
        }
    }

    @Test
    void usageMistakesAreOneLineAndExitTwo() {
        ToolRun.run(Ziggyctl.class, null).assertOneLineFailure(2);
        ToolRun.run(Ziggyctl.class, null, "restart").assertOneLineFailure(2);
        ToolRun.run(Ziggyctl.class, null, "-H", "localhost:port", "status").assertOneLineFailure(2);
        ToolRun.run(Ziggyctl.class, null, "status", "--tables").assertOneLineFailure(2);
        ToolRun.run(Ziggyctl.class, null, "--timeout", "-1", "status").assertOneLineFailure(2);
    }

    @Test
    void helpAndVersionExitZero() {
        ToolRun help = ToolRun.run(Ziggyctl.class, null, "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("status") && help.stdout().contains("shutdown"), help.stdout());
        ToolRun version = ToolRun.run(Ziggyctl.class, null, "--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.stdout().startsWith("ziggyctl "), version.stdout());
    }

    private static long rejects(JsonNode status) {
        long total = 0;
        for (JsonNode count : status.get("rejected")) {
            total += count.asLong();
        }
        return total;
    }

    private static byte[] bson(String json) {
        ByteBuffer buffer = new RawBsonDocument(BsonDocument.parse(json), new BsonDocumentCodec()).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
