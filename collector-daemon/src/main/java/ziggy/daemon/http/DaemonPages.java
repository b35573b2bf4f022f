package ziggy.daemon.http;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Supplier;

import org.bson.BsonDocument;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.prometheus.metrics.model.registry.MultiCollector;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * What each path answers: {@code /healthcheck}, {@code /metrics}, {@code /status}, and the dashboard
 * ({@code /}, {@code /dashboard.json}, {@link DashboardAssets}); null for any other path.
 * STATUS is built at most every {@link RecentStatus#MAX_AGE}, so pages may be that much behind.
 */
public final class DaemonPages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = System.getLogger(DaemonPages.class.getName());

    private final DaemonHealth health;
    private final MetricsPage metrics;
    private final Supplier<BsonDocument> status;
    private final DashboardAssets dashboard = new DashboardAssets();
    /** Used on the HTTP event-loop thread only, as its one-thread contract asks. */
    private final RateLimitedLog failures = new RateLimitedLog(LOG);

    /**
     * {@code status} builds the STATUS reply; {@code writes} has the day-file latencies, or is null for a
     * daemon without day files (an agent), whose metrics then leave them out.
     */
    public DaemonPages(Supplier<BsonDocument> status, DaemonHealth health, DayFileWrites writes) {
        this.status = RecentStatus.of(status);
        this.health = health;
        this.metrics = new MetricsPage(new StatusMetrics(this.status, writes), writes);
    }

    /** Adds metrics of the server that serves these pages, which exists only once they do. */
    void addMetrics(MultiCollector serverMetrics) {
        metrics.register(serverMetrics);
    }

    /** The page at {@code path}, null for an unknown path; a page that fails is a 500 and a log line (at most one a second). */
    HttpReply answer(String path) {
        try {
            return page(path);
        } catch (IOException | RuntimeException e) {
            if (failures.shouldLog("page")) {
                failures.log(Level.ERROR, "page", "answering GET " + path + ": " + e + " (the stack trace with -v)");
                LOG.log(Level.DEBUG, "answering GET " + path, e);
            }
            return HttpReply.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "could not build " + path + "; see the daemon's log");
        }
    }

    private HttpReply page(String path) throws IOException {
        switch (path) {
            case "/healthcheck": {
                List<String> problems = health.problems();
                return new HttpReply(problems.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        HttpReply.JSON, JSON.writeValueAsBytes(health.report(problems)));
            }
            case "/metrics":
                return new HttpReply(HttpResponseStatus.OK, MetricsPage.CONTENT_TYPE, metrics.render());
            case "/status":
                return new HttpReply(HttpResponseStatus.OK, HttpReply.JSON, JSON.writeValueAsBytes(BsonJson.toJson(status.get())));
            case "/dashboard.json":
                return new HttpReply(HttpResponseStatus.OK, HttpReply.JSON, JSON.writeValueAsBytes(BsonJson.toJson(
                        DashboardData.of(status.get(), System.currentTimeMillis() / 1000.0))));
            default:
                return dashboard.answer(path);
        }
    }
}
