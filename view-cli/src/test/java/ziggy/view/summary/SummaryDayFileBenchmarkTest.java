package ziggy.view.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.processor.Event;
import ziggy.testing.ToolRun;
import ziggy.view.Ziggyview;

/**
 * How long {@code ziggyview --summary} takes over one day file, in a JVM started as the launcher
 * starts it (default options) with a small heap ({@code -Xmx64m}), to show the memory does not grow
 * with the events. 200,000 events by default, as CI runs it; the figure of docs/performance.md is
 * 5,000,000, by hand:
 * <pre>
 * mvn -B -ntp -o -q -pl view-cli -am test -Dtest=SummaryDayFileBenchmarkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dziggy.summary.events=5000000
 * </pre>
 * The figure is printed on the test's stdout, kept in
 * {@code view-cli/target/surefire-reports/TEST-ziggy.view.summary.SummaryDayFileBenchmarkTest.xml}.
 */
class SummaryDayFileBenchmarkTest {
    private static final double T0 = 1796256000.0; // 2026-12-03 00:00:00 UTC

    @TempDir
    Path dir;

    @Test
    void summaryOfADayFile() throws IOException {
        int events = Integer.getInteger("ziggy.summary.events", 200_000);
        Path file = dir.resolve("request.20261203.bson");
        long written = write(file, events);

        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Ziggyview.class.getName(),
                "--log-path", dir.toString(), "-s", "20261203", "-e", "20261203", "--summary", "--json",
                "--field", "body.request_time", "--field", "body.bytes", "--top", "body.response.status", "--top", "body.path",
                "--graphs", dir.resolve("graphs").toString()));
        try (ToolRun run = ToolRun.start(command, Map.of(), null)) {
            assertEquals(0, run.awaitExit(Duration.ofMinutes(10)), run.stderr());
            JsonNode request = new ObjectMapper().readTree(run.stdout()).at("/types/request");
            assertEquals(events, request.get("count").asLong());
            assertEquals(events, request.at("/fields/body.request_time/count").asLong());
            double seconds = run.took().toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "ziggyview --summary (2 fields, 2 top fields, --graphs, -Xmx64m) over %,d events "
                    + "(%,d bytes, %.0f bytes an event): %.2f s, %,.0f events/s%n",
                    events, written, (double) written / events, seconds, events / seconds);
        }
    }

    /** Request events a day long, about 200 bytes each, as the client library writes them. */
    private static long write(Path file, int events) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        String[] paths = {"/", "/login", "/api/orders", "/api/items", "/static/app.js", "/health"};
        long bytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < events; i++) {
                double start = T0 + 86_400.0 * i / events;
                byte[] event = Event.encode(new BsonDocument("type", new BsonString("request"))
                        .append("id", new BsonString(String.format("%016x%016x", random.nextLong(), random.nextLong())))
                        .append("host", new BsonString("web-" + (i % 8)))
                        .append("start", new BsonDouble(start))
                        .append("end", new BsonDouble(start + 0.05))
                        .append("body", new BsonDocument("request_time", new BsonDouble(Math.exp(random.nextDouble() * 6 - 5)))
                                .append("bytes", new BsonInt32(random.nextInt(100_000)))
                                .append("path", new BsonString(paths[random.nextInt(paths.length)]))
                                .append("response", new BsonDocument("status", new BsonInt32(random.nextInt(100) < 95 ? 200 : 500)))));
                out.write(event);
                bytes += event.length;
            }
        }
        return bytes;
    }
}
