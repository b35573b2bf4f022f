package ziggy.daemon.http;

import java.util.List;
import java.util.function.Supplier;

import org.bson.BsonDocument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What each path answers: {@code /healthcheck}, {@code /metrics}, {@code /status}; null for any other path.
 * STATUS is built at most every {@link RecentStatus#MAX_AGE}, so pages may be that much behind.
 */
public final class DaemonPages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DaemonHealth health;
    private final MetricsPage metrics;
    private final Supplier<BsonDocument> status;

    /** {@code status} builds the STATUS reply; {@code writes} has the day-file latencies. */
    public DaemonPages(Supplier<BsonDocument> status, DaemonHealth health, DayFileWrites writes) {
        this.status = RecentStatus.of(status);
        this.health = health;
        this.metrics = new MetricsPage(new StatusMetrics(this.status, writes), writes);
    }

    HttpReply answer(String path) throws JsonProcessingException {
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
            default:
                return null;
        }
    }
}
