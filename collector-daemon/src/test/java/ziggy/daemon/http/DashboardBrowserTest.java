package ziggy.daemon.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import ziggy.testing.FreePort;
import ziggy.testing.HeadlessChromium;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * The dashboard as a person sees it: a real ziggyd with {@code --http}, Debian's headless chromium driven
 * over the DevTools protocol. It renders without a console error, shows the types sent, and its rate
 * moves when events come. Pictures go to {@code target/dashboard-*.png} for people to look at.
 */
class DashboardBrowserTest {
    private static final Path PICTURES = Path.of("target");

    @TempDir
    static Path folder;
    private static HeadlessChromium browser;
    private static final List<RealDaemon> daemons = new ArrayList<>();

    @BeforeAll
    static void startBrowser() {
        Optional<Path> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(),
                "no chromium on the PATH: the dashboard's browser test is skipped (apt-get install chromium; CI does)");
        browser = HeadlessChromium.start(chromium.get(), folder.resolve("profile"), 1280, 900);
    }

    @AfterAll
    static void stopAll() {
        if (browser != null) {
            browser.close();
        }
        daemons.forEach(RealDaemon::close);
    }

    private static RealDaemon started(RealDaemon daemon, int httpPort) {
        daemons.add(daemon);
        return daemon.with("--http=127.0.0.1:" + httpPort).start();
    }

    @Test
    void theDashboardShowsTheTypesSentAndTheirRateRisesWithABurst() throws Exception {
        int httpPort = FreePort.pick();
        RealDaemon master = started(RealDaemon.master(folder.resolve("log")), httpPort);
        double now = System.currentTimeMillis() / 1000.0;
        for (String type : List.of("web.request", "app.log", "burst")) {
            for (int i = 0; i < 3; i++) {
                master.send(TestEvents.event(type, now, i));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> master.totalEvents() == 9);

        browser.open("http://127.0.0.1:" + httpPort + "/");
        await().atMost(Duration.ofSeconds(20)).until(() -> shownTypes().containsAll(List.of("web.request", "app.log", "burst")));
        assertEquals("3", cell("burst", "count"));
        await("burst's rate, once the page has two snapshots with no new burst event")
                .atMost(Duration.ofSeconds(20)).until(() -> "0.0".equals(cell("burst", "rate")));

        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int sent = 0;
        while (System.nanoTime() < deadline) { // 100 events every 50 ms: some 2,000/s, for 3 s
            for (int i = 0; i < 100; i++) {
                master.send(TestEvents.event("burst", System.currentTimeMillis() / 1000.0, sent++));
            }
            Thread.sleep(50);
        }
        await("burst's rate during the burst").atMost(Duration.ofSeconds(10)).until(() -> rate("burst") > 50);
        assertEquals("0.0", cell("web.request", "rate"), "a type not sent has no rate");
        int total = sent + 3;
        await().atMost(Duration.ofSeconds(20)).until(() -> String.format("%,d", total).equals(cell("burst", "count")));
        await("the chart has a line for burst").atMost(Duration.ofSeconds(5))
                .until(() -> browser.evaluate("[...document.querySelectorAll('#chart .u-legend .u-series')]"
                        + ".some(s => s.textContent.includes('burst'))").asBoolean());
        assertTrue(browser.evaluate("document.getElementById('connection').textContent").asText().equals("live"));
        assertTrue(browser.evaluate("document.getElementById('agent-section').hidden").asBoolean(), "a master has no queue");
        Files.write(PICTURES.resolve("dashboard-master.png"), browser.screenshot());
        assertEquals(List.of(), browser.errors(), "the page's console errors, exceptions and failed loads");
    }

    @Test
    void anAgentShowsItsQueueAndItsForwarding() throws Exception {
        int masterHttp = FreePort.pick();
        int agentHttp = FreePort.pick();
        RealDaemon master = started(RealDaemon.master(folder.resolve("upstream-log")), masterHttp);
        RealDaemon agent = started(RealDaemon.agent(folder.resolve("queue"), master), agentHttp);
        for (int i = 0; i < 5; i++) {
            agent.send(TestEvents.event("agent.request", System.currentTimeMillis() / 1000.0, i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> master.totalEvents() == 5);

        browser.open("http://127.0.0.1:" + agentHttp + "/");
        await().atMost(Duration.ofSeconds(20)).until(() -> shownTypes().contains("agent.request"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "yes".equals(keyValue("forward", "connected")));
        assertEquals("127.0.0.1:" + master.collectPort(), keyValue("forward", "upstream"));
        assertEquals("5", keyValue("forward", "acknowledged"));
        assertEquals("0", keyValue("queue", "events"), "all acknowledged, none left queued");
        assertTrue(keyValue("queue", "bytes").endsWith("B"), keyValue("queue", "bytes"));
        assertEquals("connected", browser.evaluate("document.querySelector('[data-card=upstream] .value').textContent").asText());
        Files.write(PICTURES.resolve("dashboard-agent.png"), browser.screenshot());
        assertEquals(List.of(), browser.errors(), "the page's console errors, exceptions and failed loads");
    }

    /**
     * The summaries section and hostile type names, from a real server and browser with a STATUS made here:
     * the daemon does not run the summary processor yet, so its latest summaries are what STATUS will carry
     * under {@code summaries} ({@link DashboardData#SUMMARIES}) once it does.
     */
    @Test
    void latestSummariesShowWhenStatusHasThemAndTypeNamesStayText() throws Exception {
        String hostile = "<img src=x onerror=\"console.error('injected')\">";
        long started = System.nanoTime();
        java.util.function.Supplier<BsonDocument> status = () -> BsonDocument.parse("{role: 'master', version: 'test', "
                + "lag: 0.002, total: {events: 12, bytes: 3400}, rejected: {too_large: 2}, failed: {},"
                + "events: {'request': {count: 10, last: 1.7e9}, 'ziggy.summary': {count: 2, last: 1.7e9}},"
                + "summaries: {request: {type: 'request', from: 1.69999999e9, to: 1.7e9, count: 10, rate: 1.0,"
                + " fields: {'body.request_time': {count: 10, min: 0.01, mean: 0.05, p50: 0.04, p90: 0.09, p99: 0.1, max: 0.1}},"
                + " top: {'body.response.status': [[200, 9], [500, 1]]}}}}")
                .append("uptime", new BsonDouble((System.nanoTime() - started) / 1e9))
                .append("events", BsonDocument.parse("{'request': {count: 10, last: 1.7e9}}")
                        .append(hostile, BsonDocument.parse("{count: 1, last: null}")));
        DayFileWrites writes = new DayFileWrites();
        HttpServer server = HttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new DaemonPages(status, new DaemonHealth("testhost", status), writes), HttpServer.Limits.DEFAULTS);
        try {
            browser.open("http://127.0.0.1:" + server.port() + "/");
            await().atMost(Duration.ofSeconds(20)).until(() -> shownTypes().contains(hostile));
            assertEquals(0, browser.evaluate("document.querySelectorAll('#types img').length").asInt(), "a type name is text");
            assertEquals(false, browser.evaluate("document.getElementById('summaries-section').hidden").asBoolean());
            String summary = browser.evaluate("document.querySelector('#summaries .summary[data-type=request]').textContent").asText();
            assertTrue(summary.contains("10 events") && summary.contains("1.0/s") && summary.contains("p99"), summary);
            assertEquals("2", keyValue("rejected", "too_large"));
            Files.write(PICTURES.resolve("dashboard-summaries.png"), browser.screenshot());
            assertEquals(List.of(), browser.errors(), "the page's console errors, exceptions and failed loads");
        } finally {
            server.close();
        }
    }

    private static List<String> shownTypes() {
        List<String> types = new ArrayList<>();
        browser.evaluate("[...document.querySelectorAll('#types tr[data-type]')].map(r => r.dataset.type)")
                .forEach(type -> types.add(type.asText()));
        return types;
    }

    /** The text of the types table's {@code column} cell in {@code type}'s row, or null while there is no row. */
    private static String cell(String type, String column) {
        JsonNode text = browser.evaluate("(() => { const row = [...document.querySelectorAll('#types tr[data-type]')]"
                + ".find(r => r.dataset.type === " + quoted(type) + "); return row ? row.querySelector('." + column
                + "').textContent : null; })()");
        return text.isNull() || text.isMissingNode() ? null : text.asText();
    }

    private static double rate(String type) {
        String text = cell(type, "rate");
        return text == null || text.equals("…") ? 0 : Double.parseDouble(text.replace(",", ""));
    }

    /** The value beside {@code key} in the key/value table {@code table} (queue, forward). */
    private static String keyValue(String table, String key) {
        JsonNode text = browser.evaluate("(() => { const row = [...document.querySelectorAll('#" + table + " tr')]"
                + ".find(r => r.cells[0].textContent === " + quoted(key) + "); return row ? row.cells[1].textContent : null; })()");
        return text.isNull() || text.isMissingNode() ? null : text.asText();
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
