package ziggy.daemon.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.HttpProbe.Answer;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/** The dashboard's routes on a real ziggyd's {@code --http} port, asked as a browser or a probe would. */
class DashboardRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(5);

    @TempDir
    static Path folder;
    private static RealDaemon ziggyd;
    private static int httpPort;

    @BeforeAll
    static void startZiggyd() {
        httpPort = FreePort.pick();
        ziggyd = RealDaemon.master(folder.resolve("log")).with("--http=127.0.0.1:" + httpPort).start();
    }

    @AfterAll
    static void stopZiggyd() {
        if (ziggyd != null) {
            ziggyd.close();
        }
    }

    private static Answer get(String path) throws Exception {
        return HttpProbe.ask(httpPort, "GET", path, LIMIT);
    }

    @Test
    void thePageIsHtmlAskedAgainEachTimeAndNamesEachFileByItsContent() throws Exception {
        Answer page = get("/");
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.headers().get("content-type"));
        assertEquals("no-cache", page.headers().get("cache-control"));
        for (String file : DashboardAssets.PATHS.values()) {
            assertTrue(Pattern.compile(Pattern.quote(file) + "\\?v=[0-9a-f]{8}\"").matcher(page.body()).find(),
                    "the page names " + file + " with its hash: " + page.body());
        }
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://") && !page.body().contains("//cdn"),
                "nothing from another host: " + page.body());
    }

    @Test
    void eachFileHasItsContentTypeIsKeptAYearAndStaysWithinItsBudget() throws Exception {
        String page = get("/").body();
        for (String file : DashboardAssets.PATHS.values()) {
            Matcher named = Pattern.compile(Pattern.quote(file) + "\\?v=[0-9a-f]{8}").matcher(page);
            assertTrue(named.find());
            Answer asset = get(named.group());
            assertEquals(200, asset.status(), file);
            String type = asset.headers().get("content-type");
            assertEquals(file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", type, file);
            assertEquals("public, max-age=31536000, immutable", asset.headers().get("cache-control"), file);
            int length = Integer.parseInt(asset.headers().get("content-length"));
            assertTrue(length > 100 && length <= DashboardAssets.MAX_FILE_BYTES, file + " is " + length + " bytes");
            assertTrue(asset.took().compareTo(Duration.ofSeconds(1)) < 0, file + " took " + asset.took());
        }
        assertTrue(get("/assets/uPlot.iife.min.js").body().contains("uPlot"), "uPlot's own script, from its webjar");
    }

    @Test
    void headAnswersAsGetWithoutTheBody() throws Exception {
        for (String path : new String[] {"/", "/assets/dashboard.js", "/assets/uPlot.min.css", "/dashboard.json"}) {
            Answer got = get(path);
            Answer head = HttpProbe.ask(httpPort, "HEAD", path, LIMIT);
            assertEquals(200, head.status(), path);
            assertEquals("", head.body(), path);
            assertEquals(got.headers().get("content-type"), head.headers().get("content-type"), path);
            assertEquals(got.headers().get("cache-control"), head.headers().get("cache-control"), path);
            if (!path.endsWith(".json")) { // the JSON's numbers change between two asks
                assertEquals(got.headers().get("content-length"), head.headers().get("content-length"), path);
            }
        }
    }

    @Test
    void anUnknownFileOrAClimbOutOfTheAssetsIs404() throws Exception {
        for (String path : new String[] {"/assets/", "/assets", "/assets/nope.js", "/assets/dashboard.js/",
                "/assets/../status", "/assets/..%2fstatus", "/assets/%2e%2e/healthcheck", "/assets/../../etc/passwd",
                "/assets/..%2F..%2Fziggy%2Fdaemon%2Fhttp%2Fdashboard%2Findex.html", "/assets/index.html",
                "/ziggy/daemon/http/dashboard/dashboard.js", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css",
                "/index.html", "//", "/dashboard.js"}) {
            Answer answer = get(path);
            assertEquals(404, answer.status(), path);
            assertEquals("text/plain; charset=utf-8", answer.headers().get("content-type"), path);
            assertEquals("no-store", answer.headers().get("cache-control"), path);
        }
    }

    @Test
    void otherMethodsAre405() throws Exception {
        for (String path : new String[] {"/", "/assets/dashboard.js", "/dashboard.json"}) {
            Answer answer = HttpProbe.ask(httpPort, "POST", path, LIMIT);
            assertEquals(405, answer.status(), path);
            assertEquals("GET, HEAD", answer.headers().get("allow"), path);
        }
    }

    @Test
    void theDashboardDataHasTheTypesSentTheirCountsAndTheDaemonsClock() throws Exception {
        for (int i = 0; i < 3; i++) {
            ziggyd.send(TestEvents.event("route.check", System.currentTimeMillis() / 1000.0, i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> data().path("events").path("route.check").path("count").asLong() == 3);
        Answer answer = get("/dashboard.json");
        assertEquals("application/json", answer.headers().get("content-type"));
        assertEquals("no-store", answer.headers().get("cache-control"));
        JsonNode data = JSON.readTree(answer.body());
        assertEquals("master", data.path("role").asText());
        assertTrue(Math.abs(data.path("now").asDouble() - System.currentTimeMillis() / 1000.0) < 5, data.toString());
        assertTrue(data.path("uptime").asDouble() > 0, data.toString());
        assertTrue(data.path("rejected").isObject() && data.path("total").path("events").asLong() >= 3, data.toString());
        assertTrue(data.path("queue").isMissingNode() && data.path("hosts").isMissingNode(), "a master has no queue: " + data);
    }

    private static JsonNode data() throws Exception {
        return JSON.readTree(get("/dashboard.json").body());
    }
}
