package ziggy.system.tools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;
import ziggy.testing.ToolRun;

/**
 * {@code packaging/bin/ziggyview} on the day files that {@code packaging/bin/ziggyd} wrote: four
 * days (20 to 23 November 2026) of {@code request}, {@code request.sql} and {@code login} events,
 * three of each type a day, read through {@code --log-path}, stdin and file arguments.
 */
class ZiggyviewFilesLauncherTest {
    private static final String[] NOV_20_TO_22 = {"--start-date", "20261120", "--end-date", "20261122"};

    @TempDir
    static Path logPath;

    @TempDir
    Path scratch;

    private static RealDaemon daemon;

    @BeforeAll
    static void aDaemonWritesFourDaysOfFiles() throws IOException {
        daemon = Launchers.ziggyd(logPath);
        long sent = 0;
        for (int day = 20; day <= 23; day++) {
            double noon = LocalDate.of(2026, 11, day).atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
            for (int i = 0; i < 3; i++) {
                String common = "id: 'r" + day + i + "', start: " + (noon + i) + ", end: " + (noon + i + 0.5) + ", day: " + day + ", i: " + i;
                int status = i == 1 ? 500 : 200;
                sent += send("{type: 'request.sql', " + common + ", body: {query: 'select " + i + "'}}");
                sent += send("{type: 'request', " + common + ", body: {response: {status: " + status + "}}}");
                sent += send("{type: 'login', start: " + (noon + i) + ", day: " + day + ", i: " + i + "}");
            }
        }
        long expected = sent;
        // The daemon writes its buffers every 200 ms: the files are complete once every byte sent is in them.
        await().atMost(Duration.ofSeconds(20)).until(() -> dayFileBytes() == expected);
    }

    @AfterAll
    static void stopTheDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void logPathReadsThreeDaysInDayOrderWithExactAndPrefixTypeNames() {
        ToolRun exact = view(with(NOV_20_TO_22, "--log-path", logPath.toString(), "--type-name", "request"));
        assertEquals(0, exact.exitCode(), exact.stderr());
        assertEquals(List.of("request 20/0", "request 20/1", "request 20/2", "request 21/0", "request 21/1", "request 21/2",
                "request 22/0", "request 22/1", "request 22/2"), typeDayAndIndex(exact.jsonLines()));

        ToolRun prefix = view(with(NOV_20_TO_22, "--log-path=" + logPath, "--type-name=request*"));
        assertEquals(0, prefix.exitCode(), prefix.stderr());
        List<String> events = typeDayAndIndex(prefix.jsonLines());
        assertEquals(18, events.size(), events.toString());
        assertEquals(List.of("request", "request.sql"), events.stream().map(event -> event.split(" ")[0]).distinct().sorted().toList());
        List<String> days = events.stream().map(event -> event.split(" ")[1].split("/")[0]).toList();
        assertEquals(days.stream().sorted().toList(), days, "in day order");

        ToolRun everyType = view(with(NOV_20_TO_22, "--log-path", logPath.toString()));
        assertEquals(27, everyType.jsonLines().size(), everyType.stderr());
    }

    @Test
    void aBadDateAndAnEndBeforeTheStartAreOneLineAndExitTwo() {
        ToolRun badDate = view("--log-path", logPath.toString(), "--start-date", "20261131").assertOneLineFailure(2);
        assertTrue(badDate.stderr().contains("'20261131' is not a date"), badDate.stderr());
        ToolRun backwards = view("--log-path", logPath.toString(), "--start-date", "20261122", "--end-date", "20261120")
                .assertOneLineFailure(2);
        assertTrue(backwards.stderr().contains("before --start-date"), backwards.stderr());
    }

    @Test
    void stdinAndFileArgumentsDecodeTheDaemonsFiles() {
        ToolRun stdin = Launchers.run("ziggyview", logPath.resolve("request.20261123.bson"));
        assertEquals(0, stdin.exitCode(), stdin.stderr());
        assertEquals(List.of("request 23/0", "request 23/1", "request 23/2"), typeDayAndIndex(stdin.jsonLines()));
        assertEquals(500, stdin.jsonLines().get(1).at("/body/response/status").asInt());

        ToolRun files = view(logPath.resolve("request.20261120.bson").toString(), logPath.resolve("login.20261121.bson").toString());
        assertEquals(0, files.exitCode(), files.stderr());
        assertEquals(List.of("request 20/0", "request 20/1", "request 20/2", "login 21/0", "login 21/1", "login 21/2"),
                typeDayAndIndex(files.jsonLines()));
    }

    @Test
    void whereGroupLimitAndPrettyShapeTheOutput() throws IOException {
        ToolRun failures = view(with(NOV_20_TO_22, "--log-path", logPath.toString(), "--type-name", "request",
                "--where", "body.response.status=500"));
        assertEquals(List.of("request 20/1", "request 21/1", "request 22/1"), typeDayAndIndex(failures.jsonLines()));

        ToolRun grouped = view(with(NOV_20_TO_22, "--log-path", logPath.toString(), "--type-name", "request*", "--group",
                "--limit", "4"));
        assertEquals(0, grouped.exitCode(), grouped.stderr());
        assertEquals(List.of("request.sql 20/0", "request 20/0", "request.sql 20/1", "request 20/1"), typeDayAndIndex(grouped.jsonLines()));

        ToolRun pretty = view("--pretty", "--limit", "1", logPath.resolve("request.20261122.bson").toString());
        assertEquals(0, pretty.exitCode(), pretty.stderr());
        assertTrue(pretty.stdout().lines().count() > 5, "indented over several lines: " + pretty.stdout());
        JsonNode event = new ObjectMapper().readTree(pretty.stdout());
        assertEquals("r220", event.get("id").asText());
        assertEquals(200, event.at("/body/response/status").asInt());
    }

    @Test
    void aCorruptFilePrintsTheGoodEventsAroundTheDamageSaysItsOffsetAndExitsOne() throws IOException {
        byte[] day = Files.readAllBytes(logPath.resolve("request.20261121.bson"));
        int first = ByteBuffer.wrap(day).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2, 3};
        Path corrupt = scratch.resolve("request.20261121.bson");
        try (OutputStream out = Files.newOutputStream(corrupt)) {
            out.write(day, 0, first);
            out.write(garbage);
            out.write(day, first, day.length - first);
        }

        ToolRun run = view(corrupt.toString());

        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(List.of("request 21/0", "request 21/1", "request 21/2"), typeDayAndIndex(run.jsonLines()));
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("ziggyview: " + corrupt + ": damage at byte " + first + " (" + garbage.length + " bytes skipped)"),
                run.stderr());
    }

    @Test
    void badFlagsAreOneLineAndExitTwo() {
        view("--no-such-flag").assertOneLineFailure(2);
        view("--limit", "ten", logPath.resolve("request.20261120.bson").toString()).assertOneLineFailure(2);
        view("--type-name", "re*quest", "--log-path", logPath.toString()).assertOneLineFailure(2);
    }

    private static ToolRun view(String... args) {
        return Launchers.run("ziggyview", null, args);
    }

    private static long send(String json) {
        byte[] event = TestEvents.bson(json);
        daemon.send(event);
        return event.length;
    }

    private static long dayFileBytes() throws IOException {
        try (Stream<Path> files = Files.list(logPath)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".bson")).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static List<String> typeDayAndIndex(List<JsonNode> events) {
        return events.stream().map(node -> node.get("type").asText() + " " + node.get("day").asInt() + "/" + node.get("i").asInt()).toList();
    }

    private static String[] with(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }
}
