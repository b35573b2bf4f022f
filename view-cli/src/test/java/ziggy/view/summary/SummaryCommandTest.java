package ziggy.view.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.processor.Event;
import ziggy.testing.ToolRun;
import ziggy.view.Ziggyview;

/**
 * ziggyview --summary over real day files (written with the BSON library), run as a user runs it (a
 * child JVM), its figures held to exact ones computed here over the same generated events.
 */
class SummaryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-12-02 16:46:40 UTC, with milliseconds that Java would print as 1.796230000125E9. */
    private static final double T0 = 1796230000.125;
    private static final int REQUESTS = 24_000;
    private static final String[] PATHS = new String[15];

    @TempDir
    Path dir;

    /** Exact figures of the prod requests, the ones --where body.env=prod keeps. */
    private final List<Double> prodTimes = new ArrayList<>();
    private final Map<String, Long> prodPaths = new LinkedHashMap<>();
    private double prodFirst = Double.POSITIVE_INFINITY;
    private double prodLast = Double.NEGATIVE_INFINITY;

    @BeforeEach
    void writeDayFiles() throws IOException {
        for (int i = 0; i < PATHS.length; i++) {
            PATHS[i] = "/page/" + i;
        }
        Random random = new Random(7);
        try (OutputStream requests = Files.newOutputStream(dir.resolve("request.20261201.bson"));
                OutputStream logins = Files.newOutputStream(dir.resolve("login.20261201.bson"))) {
            for (int i = 0; i < REQUESTS; i++) {
                double start = T0 + i * 0.25;
                // Log-normal: most requests fast, a long tail.
                double requestTime = Math.exp(random.nextGaussian() * 1.2 - 2.5);
                // Path k has weight 15 - k: distinct counts in expectation, a skewed top ten.
                String path = PATHS[pick(random)];
                boolean prod = i % 4 != 0;
                requests.write(Event.encode(new BsonDocument("type", new BsonString("request"))
                        .append("start", new BsonDouble(start))
                        .append("body", new BsonDocument("request_time", new BsonDouble(requestTime))
                                .append("path", new BsonString(path))
                                .append("env", new BsonString(prod ? "prod" : "test"))
                                .append("bytes", new BsonInt32(i % 1000)))));
                if (prod) {
                    prodTimes.add(requestTime);
                    prodPaths.merge(path, 1L, Long::sum);
                    prodFirst = Math.min(prodFirst, start);
                    prodLast = Math.max(prodLast, start);
                }
                if (i % 8 == 0) {
                    logins.write(Event.encode(new BsonDocument("type", new BsonString("login"))
                            .append("start", new BsonDouble(start))
                            .append("body", new BsonDocument("env", new BsonString("prod")))));
                }
            }
        }
    }

    private static int pick(Random random) {
        int weights = 15 * 16 / 2;
        int r = random.nextInt(weights);
        for (int k = 0; k < 15; k++) {
            r -= 15 - k;
            if (r < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    private ToolRun summary(String... more) {
        List<String> args = new ArrayList<>(List.of("--log-path", dir.toString(), "--start-date", "20261201", "--end-date", "20261201",
                "--summary", "--field", "body.request_time", "--top", "body.path"));
        args.addAll(List.of(more));
        ToolRun run = ToolRun.run(Ziggyview.class, null, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.describe());
        return run;
    }

    @Test
    void jsonFiguresAreTheExactOnesWithPercentilesWithinOnePercentForTheTypeAndConditionsAsked() throws IOException {
        JsonNode all = JSON.readTree(summary("--json", "--type-name", "request", "--where", "body.env=prod").stdout());

        assertEquals(List.of("types"), iterable(all.fieldNames()));
        JsonNode types = all.get("types");
        assertEquals(List.of("request"), iterable(types.fieldNames()), "--type-name keeps the other types out");
        JsonNode request = types.get("request");
        assertEquals(List.of("count", "first", "last", "rate", "fields", "top"), iterable(request.fieldNames()));
        int n = prodTimes.size();
        assertEquals(n, request.get("count").asLong());
        assertEquals(prodFirst, request.get("first").asDouble());
        assertEquals(prodLast, request.get("last").asDouble());
        assertEquals(n / (prodLast - prodFirst), request.get("rate").asDouble(), 1e-9);

        JsonNode times = request.at("/fields/body.request_time");
        double[] sorted = prodTimes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertEquals(n, times.get("count").asLong());
        assertEquals(sorted[0], times.get("min").asDouble());
        assertEquals(sorted[n - 1], times.get("max").asDouble());
        assertEquals(Arrays.stream(sorted).sum() / n, times.get("mean").asDouble(), 1e-12);
        for (int p : new int[] {50, 90, 99}) {
            double exact = sorted[(int) Math.ceil(p / 100.0 * n) - 1];
            double reported = times.get("p" + p).asDouble();
            assertTrue(Math.abs(reported - exact) <= 0.01 * exact, "p" + p + ": " + reported + " against exactly " + exact);
        }

        List<Map.Entry<String, Long>> expected = prodPaths.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(10).toList();
        JsonNode top = request.at("/top/body.path");
        assertEquals(10, top.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(expected.get(i).getValue(), top.get(i).get(1).asLong(), "rank " + i);
            assertEquals(prodPaths.get(top.get(i).get(0).asText()), top.get(i).get(1).asLong(), "rank " + i);
        }
    }

    @Test
    void theTableHasOneBlockPerTypeWithItsLines() {
        String table = summary().stdout();

        Map<String, List<String>> blocks = blocks(table);
        assertEquals(List.of("login", "request"), List.copyOf(blocks.keySet()), table);
        List<String> request = blocks.get("request");
        assertEquals("  count   24,000", request.get(0));
        assertEquals("  first   2026-12-02 16:46:40.125 UTC", request.get(1));
        assertEquals("  last    2026-12-02 18:26:39.875 UTC", request.get(2));
        assertEquals("  rate    4.000 events/s over 1 h 39 min 59.75 s", request.get(3));
        String header = line(request, "  field ");
        assertEquals(List.of("field", "count", "min", "mean", "p50", "p90", "p99", "max"), words(header));
        List<String> row = words(line(request, "  body.request_time "));
        assertEquals("24,000", row.get(1));
        assertEquals(8, row.size());
        assertEquals(List.of("top", "body.path", "count", "share"), words(line(request, "  top body.path")));
        int topAt = request.indexOf(line(request, "  top body.path"));
        List<String> firstValue = words(request.get(topAt + 1));
        assertTrue(firstValue.get(0).startsWith("/page/0"), request.get(topAt + 1));
        assertEquals(11, request.size() - topAt, "the header and ten values: " + request);

        List<String> login = blocks.get("login");
        assertEquals("  count   3,000", login.get(0));
        assertEquals(List.of("body.request_time", "0", "-", "-", "-", "-", "-", "-"), words(line(login, "  body.request_time")));
    }

    @Test
    void graphsAreReadablePngsShownWithTheSummaryOnAnIndexPage() throws IOException {
        Path graphs = dir.resolve("graphs");
        ToolRun run = summary("--graphs", graphs.toString());

        List<Path> pngs;
        try (var files = Files.list(graphs)) {
            pngs = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(List.of("events-per-minute.png", "request--body.request_time.png"),
                pngs.stream().map(p -> p.getFileName().toString()).toList(), "login has no request_time: no chart");
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(SummaryGraphs.WIDTH, image.getWidth());
            assertEquals(SummaryGraphs.HEIGHT, image.getHeight());
            assertTrue(colours(image) > 5, png + " is not blank");
        }
        String page = Files.readString(graphs.resolve("index.html"));
        for (Path png : pngs) {
            assertTrue(page.contains("src=\"" + png.getFileName() + "\""), page);
        }
        for (String line : run.stdout().split("\n")) {
            assertTrue(page.contains(line), "the page holds the table's line: " + line);
        }
        assertTrue(run.stderr().contains("2 charts"), run.stderr());
    }

    @Test
    void timesArePlainDecimalsInJsonLinesAndInTheSummaryAndPrettyIsKeyColonValue() {
        ToolRun lines = ToolRun.run(Ziggyview.class, null, "--log-path", dir.toString(), "-s", "20261201", "-e", "20261201",
                "--type-name", "login", "--limit", "1");
        assertEquals(0, lines.exitCode(), lines.describe());
        assertTrue(lines.stdout().startsWith("{\"type\": \"login\", \"start\": 1796230000.125, "), lines.stdout());

        String json = summary("--json").stdout();
        assertTrue(json.contains("\"first\": 1796230000.125"), json);
        assertFalse(json.contains("E9"), json);

        String pretty = summary("--json", "--pretty").stdout();
        assertTrue(pretty.contains("\n      \"first\": 1796230000.125,\n"), pretty);
        assertFalse(pretty.contains("\" :"), pretty);
        ToolRun prettyEvent = ToolRun.run(Ziggyview.class, null, "--log-path", dir.toString(), "-s", "20261201", "-e", "20261201",
                "--type-name", "login", "--limit", "1", "--pretty");
        assertTrue(prettyEvent.stdout().startsWith("{\n  \"type\": \"login\",\n  \"start\": 1796230000.125,\n"), prettyEvent.stdout());
    }

    @Test
    void summaryOptionsWithoutSummaryAreAUsageMistake() {
        ToolRun run = ToolRun.run(Ziggyview.class, null, "--log-path", dir.toString(), "--field", "body.request_time");
        run.assertOneLineFailure(2);
        assertTrue(run.stderr().contains("go with --summary"), run.stderr());
    }

    private static Map<String, List<String>> blocks(String table) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : table.split("\n")) {
            if (!line.isEmpty() && !line.startsWith(" ")) {
                current = new ArrayList<>();
                blocks.put(line, current);
            } else if (!line.isEmpty()) {
                current.add(line);
            }
        }
        return blocks;
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + lines));
    }

    private static List<String> words(String line) {
        return Arrays.stream(line.strip().split(" {2,}| (?=[^ ]+$)")).flatMap(w -> Arrays.stream(w.split(" ")))
                .filter(w -> !w.isEmpty()).collect(Collectors.toList());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static long colours(BufferedImage image) {
        return Arrays.stream(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth())).distinct().count();
    }
}
