package ziggy.daemon.http;

import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonValue;

import ziggy.protocol.control.StatusKeys;

/**
 * {@code /dashboard.json}: the part of STATUS the dashboard shows, and the daemon's clock, so that the page
 * computes rates and ages in the daemon's time whatever the browser's clock says:
 * <pre>
 * {"now": epoch seconds, "uptime": s, "version", "role": "master"|"agent"|"relay", "last", "lag",
 *  "total": {"events", "bytes"}, "events": {TYPE: {"count", "last"}}, "rejected": {REASON: n},
 *  "failed": {PART: {"reason", "count"}},
 *  and, when STATUS has them: "queue", "forward" (agent, relay), "stdout", "python_logging",
 *  "summaries": {TYPE: the body of the latest ziggy.summary event of TYPE}}
 * </pre>
 * {@code uptime} is STATUS's own, so two answers built from the same STATUS (HTTP builds it at most every
 * 250 ms) have the same uptime, and the page skips the second rather than see a rate of zero.
 */
final class DashboardData {
    /** STATUS's key for the latest summaries, when the {@code summary} processor runs: {TYPE: body}. */
    static final String SUMMARIES = "summaries";

    /** What is copied from STATUS, as it is there; a key STATUS lacks is left out. */
    private static final List<String> KEYS = List.of(StatusKeys.UPTIME, StatusKeys.VERSION, StatusKeys.ROLE,
            StatusKeys.LAST, StatusKeys.LAG, StatusKeys.TOTAL, StatusKeys.EVENTS, StatusKeys.REJECTED, StatusKeys.FAILED,
            StatusKeys.QUEUE, StatusKeys.FORWARD, StatusKeys.STDOUT, "python_logging", SUMMARIES);

    private DashboardData() {
    }

    static BsonDocument of(BsonDocument status, double nowEpochSeconds) {
        BsonDocument data = new BsonDocument("now", new BsonDouble(nowEpochSeconds));
        for (String key : KEYS) {
            BsonValue value = status.get(key);
            if (value != null) {
                data.append(key, value);
            }
        }
        return data;
    }
}
