package ziggy.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.testing.TestEvents.bson;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.PythonPeer;
import ziggy.testing.ToolRun;

/** ziggyview on stdin, named files and --log-path, run as a user runs it (a child JVM). */
class ZiggyviewFilesTest {
    @TempDir
    Path dir;

    @Test
    void stdinFromPymongoIsPrintedAsRelaxedExtendedJsonOneDocumentALine() throws IOException {
        Path file = dir.resolve("request.20261122.bson");
        PythonPeer.run("""
                import bson, datetime, sys
                from bson import ObjectId, Int64, Decimal128, Binary
                events = [
                    {"type": "request", "id": "a", "start": 1763800000.25, "body": {
                        "when": datetime.datetime(2026, 11, 22, 10, 0, 0, tzinfo=datetime.timezone.utc),
                        "oid": ObjectId("5f1d7a3c9b1e8a0012345678"), "big": Int64(1 << 40),
                        "price": Decimal128("12.50"), "blob": Binary(b"abc"), "path": "/"}},
                    {"type": "request", "id": "b", "body": {"path": "/x"}},
                ]
                with open(sys.argv[1], "wb") as f:
                    for e in events:
                        f.write(bson.encode(e))
                """, Duration.ofSeconds(30), file.toString()).assertSuccess();

        ToolRun run = ToolRun.run(Ziggyview.class, file);

        assertEquals(0, run.exitCode(), run.stderr());
        List<JsonNode> events = run.jsonLines();
        assertEquals(2, events.size());
        JsonNode body = events.get(0).get("body");
        assertEquals("2026-11-22T10:00:00Z", body.at("/when/$date").asText());
        assertEquals("5f1d7a3c9b1e8a0012345678", body.at("/oid/$oid").asText());
        assertTrue(body.get("big").isIntegralNumber());
        assertEquals(1L << 40, body.get("big").asLong());
        assertEquals("12.50", body.at("/price/$numberDecimal").asText());
        assertEquals("YWJj", body.at("/blob/$binary/base64").asText());
        assertEquals(1763800000.25, events.get(0).get("start").asDouble());
        assertEquals("/x", events.get(1).at("/body/path").asText());
    }

    @Test
    void logPathReadsThreeDaysInDayOrderWithExactAndPrefixTypeFilters() throws IOException {
        write("request.20261120.bson", "{type: 'request', n: 1}", "{type: 'request', n: 2}");
        write("request.20261121.bson", "{type: 'request', n: 3}");
        write("request.sql.20261121.bson", "{type: 'request.sql', n: 4}");
        write("requests.20261121.bson", "{type: 'requests', n: 5}");
        write("login.20261121.bson", "{type: 'login', n: 6}");
        write("request.20261122.bson", "{type: 'request', n: 7}");
        write("request.20261123.bson", "{type: 'request', n: 8}"); // after the range
        write("request.20261119.bson", "{type: 'request', n: 9}"); // before the range
        Files.createDirectories(dir.resolve(".marks"));
        Files.write(dir.resolve("notes.txt"), new byte[] {1, 2, 3});

        String[] range = {"--log-path", dir.toString(), "--start-date", "20261120", "--end-date", "20261122"};
        assertEquals(List.of(1, 2, 3, 7), numbers(ToolRun.run(Ziggyview.class, null, with(range, "--type-name", "request"))));
        assertEquals(List.of(1, 2, 3, 4, 5, 7), numbers(ToolRun.run(Ziggyview.class, null, with(range, "--type-name", "request*"))));
        assertEquals(List.of(4), numbers(ToolRun.run(Ziggyview.class, null, with(range, "--type-name=request.sql"))));
        assertEquals(List.of(1, 2, 6, 3, 4, 5, 7), numbers(ToolRun.run(Ziggyview.class, null, range)));
    }

    @Test
    void datesDefaultToTodayInUtc() throws IOException {
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        write("request." + today + ".bson", "{type: 'request', n: 1}");
        write("request.20000101.bson", "{type: 'request', n: 2}");
        assertEquals(List.of(1), numbers(ToolRun.run(Ziggyview.class, null, "--log-path=" + dir, "--type-name=request")));
    }

    @Test
    void anEndDateAloneReadsThatDayOnly() throws IOException {
        write("request.20261120.bson", "{type: 'request', n: 1}");
        write("request.20261121.bson", "{type: 'request', n: 2}");
        write("request.20261122.bson", "{type: 'request', n: 3}");
        ToolRun run = ToolRun.run(Ziggyview.class, null, "--log-path=" + dir, "-e", "20261121");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of(2), numbers(run));
    }

    @Test
    void groupedWhereKeepsAMatchingParentWithItsSubEventsAndDiffersNeedsTheField() throws IOException {
        Path file = write("request.20261122.bson",
                "{type: 'request.sql', id: 'a', n: 1}",
                "{type: 'request', id: 'a', n: 2, body: {response: {status: 500}}}",
                "{type: 'request.sql', id: 'b', n: 3}",
                "{type: 'request', id: 'b', n: 4, body: {response: {status: 200}}}",
                "{type: 'login', n: 5}");

        assertEquals(List.of(1, 2), numbers(ToolRun.run(Ziggyview.class, null, "--group", "--where", "body.response.status=500", file.toString())));
        assertEquals(List.of(2), numbers(ToolRun.run(Ziggyview.class, null, "--where", "body.response.status!=200", file.toString())));
    }

    @Test
    void noDayFilesInTheRangeIsSaidOnceAndIsNotAFailure() {
        ToolRun run = ToolRun.run(Ziggyview.class, null, "--log-path", dir.toString(), "--start-date", "20261120");
        // --end-date defaults to today, so the range is valid and simply empty.
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("no day files"), run.stderr());
        assertEquals("", run.stdout());
    }

    @Test
    void aCorruptFilePrintsTheGoodEventsAroundTheDamageAndExitsOne() throws IOException {
        byte[] good1 = bson("{type: 'request', n: 1, body: {response: {status: 200}}}");
        byte[] torn = Arrays.copyOf(bson("{type: 'request', n: 2, body: {response: {status: 500}}}"), 30);
        byte[] good2 = bson("{type: 'request', n: 3}");
        byte[] garbage = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2, 3};
        byte[] good3 = bson("{type: 'request', n: 4}");
        byte[] tornTail = Arrays.copyOf(bson("{type: 'request', n: 5}"), 9);
        Path file = dir.resolve("request.20261122.bson");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] part : List.of(good1, torn, good2, garbage, good3, tornTail)) {
                out.write(part);
            }
        }

        ToolRun run = ToolRun.run(Ziggyview.class, null, file.toString());

        assertEquals(1, run.exitCode());
        assertEquals(List.of(1, 3, 4), numbers(run));
        List<String> reports = run.stderr().lines().toList();
        assertEquals(3, reports.size(), run.stderr());
        int tornAt = good1.length;
        int garbageAt = tornAt + torn.length + good2.length;
        int tailAt = garbageAt + garbage.length + good3.length;
        assertTrue(reports.get(0).contains("damage at byte " + tornAt + " (30 bytes skipped)"), reports.get(0));
        assertTrue(reports.get(1).contains("damage at byte " + garbageAt + " (" + garbage.length + " bytes skipped)"), reports.get(1));
        assertTrue(reports.get(2).contains("still being written at byte " + tailAt + ": 9 bytes"), reports.get(2));
        assertTrue(reports.get(0).startsWith("ziggyview: " + file + ": "), reports.get(0));
    }

    @Test
    void aFileWhoseLastEventIsStillBeingWrittenIsNotDamageAndExitsZero() throws IOException {
        byte[] good = bson("{type: 'request', n: 1}");
        byte[] arriving = Arrays.copyOf(bson("{type: 'request', n: 2, body: {response: {status: 200}}}"), 12);
        Path file = dir.resolve("request.20261122.bson");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(good);
            out.write(arriving);
        }

        ToolRun run = ToolRun.run(Ziggyview.class, null, "--log-path=" + dir, "--start-date=20261122", "--end-date=20261122");

        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of(1), numbers(run));
        assertTrue(run.stderr().contains("still being written at byte " + good.length), run.stderr());
        assertFalse(run.stderr().contains("damage"), run.stderr());
    }

    @Test
    void limitWhereGroupAndPrettyWorkTogetherOnTheCommandLine() throws IOException {
        Path file = write("request.20261122.bson",
                "{type: 'request.sql', id: 'a', n: 1}",
                "{type: 'request', id: 'b', n: 2, body: {response: {status: 200}}}",
                "{type: 'request.sql', id: 'a', n: 3}",
                "{type: 'request', id: 'a', n: 4, body: {response: {status: 500}}}",
                "{type: 'request', id: 'c', n: 5, body: {response: {status: 500}}}");

        assertEquals(List.of(2, 1, 3, 4), numbers(ToolRun.run(Ziggyview.class, null, "--group", "--limit", "4", file.toString())));
        assertEquals(List.of(4, 5), numbers(ToolRun.run(Ziggyview.class, null, "--where", "body.response.status=500", file.toString())));
        assertEquals(List.of(5), numbers(ToolRun.run(Ziggyview.class, null, "-w", "body.response.status=500", "-w", "id!=a", file.toString())));

        ToolRun pretty = ToolRun.run(Ziggyview.class, null, "--pretty", "--limit=1", "--where=n=2", file.toString());
        assertEquals(0, pretty.exitCode(), pretty.stderr());
        assertTrue(pretty.stdout().lines().count() > 5, pretty.stdout());
        JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(pretty.stdout());
        assertEquals(200, node.at("/body/response/status").asInt());
    }

    @Test
    void usageMistakesAreOneLineAndExitTwo() {
        ToolRun.run(Ziggyview.class, null, "--log-path", dir.toString(), "--start-date", "20261131").assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "--log-path", dir.toString(), "--start-date", "2026-11-20").assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "--log-path", dir.toString(), "--start-date", "20261122", "--end-date", "20261120")
                .assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "--no-such-flag").assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "-H", "localhost:3513", "--log-path", dir.toString()).assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "--start-date", "20261120").assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "--where", "status").assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "--type-name", "re*quest").assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "-H", "localhost:notaport").assertOneLineFailure(2);
        ToolRun.run(Ziggyview.class, null, "--limit", "ten").assertOneLineFailure(2);
    }

    @Test
    void missingInputsAreRuntimeFailures() {
        ToolRun.run(Ziggyview.class, null, "--log-path", dir.resolve("absent").toString()).assertOneLineFailure(1);
        ToolRun.run(Ziggyview.class, null, dir.resolve("absent.bson").toString()).assertOneLineFailure(1);
    }

    @Test
    void helpAndVersionExitZeroAndHelpStatesTheJsonFormat() {
        ToolRun help = ToolRun.run(Ziggyview.class, null, "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("relaxed Extended JSON"), help.stdout());
        ToolRun version = ToolRun.run(Ziggyview.class, null, "--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.stdout().startsWith("ziggyview "), version.stdout());
    }

    @Test
    void aLargeFileStreamsThroughASmallHeap() throws IOException {
        byte[] event = bson("{type: 'request', id: 'x', start: 1763800000.5, host: 'web1', pid: 4242,"
                + " body: {path: '/a/fairly/long/path', response: {status: 200, size: 1234}, pad: '" + "p".repeat(300) + "'}}");
        int count = 200_000; // about 80 MB, more than the heap below could hold at once
        Path file = dir.resolve("big.bson");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < count; i++) {
                out.write(event);
            }
        }
        ToolRun run = ToolRun.start(Ziggyview.class, file, List.of("-Xmx24m"), "--where", "body.response.status=200");
        assertEquals(0, run.awaitExit(Duration.ofSeconds(90)), run.stderr());
        assertEquals(count, run.stdout().lines().count());
    }

    private List<Integer> numbers(ToolRun run) {
        return run.jsonLines().stream().map(node -> node.get("n").asInt()).toList();
    }

    private static String[] with(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    private Path write(String name, String... events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String event : events) {
            out.writeBytes(bson(event));
        }
        return Files.write(dir.resolve(name), out.toByteArray());
    }
}
