package ziggy.daemon.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;

/**
 * A flat STATUS sub-document ({@code queue}, {@code forward}, {@code batches}, {@code stdout}) as metrics, key by key, so that what the
 * agent role reports appears in {@code /metrics} without a change here. The rules, applied to each key:
 * <ul>
 *   <li>a number or boolean becomes {@code ziggyd_<section>_<key>}, a gauge (booleans 0 or 1);</li>
 *   <li>a key in seconds ({@code oldest_age}) is named {@code …_seconds}; a key ending {@code _ms} or
 *       {@code _millis} is divided by 1000 and named {@code …_seconds};</li>
 *   <li>a key in {@link #COUNTERS} is a counter under the name given there, plus {@code _total};</li>
 *   <li>strings become labels of one {@code ziggyd_<section>_info} gauge of value 1;</li>
 *   <li>nested documents and arrays, and keys whose names Prometheus reserves, are left out.</li>
 * </ul>
 */
final class StatusSectionMetrics {
    static final List<String> SECTIONS = List.of("queue", "forward", "batches", "stdout", "python_logging", "kafka");
    /** Keys that only grow, per section, and the name each counter gets (the unit it counts, where the key does not say). */
    private static final Map<String, Map<String, String>> COUNTERS = Map.of(
            "queue", Map.of("dropped", "dropped_events", "corrupt", "corrupt_events", "rejected", "rejected_events",
                    "fsyncs", "fsyncs", "fsync_seconds", "fsync_seconds"),
            "forward", Map.of("batches", "batches", "resends", "resends", "failovers", "failovers", "errors", "errors",
                    "too_large", "too_large_events"),
            "batches", Map.of("received", "received", "events", "events", "duplicates", "duplicate_events",
                    "gaps", "gap_events", "awaiting_resend", "refused_awaiting_resend", "sources_expired", "expired_sources",
                    "sources_evicted", "evicted_sources"),
            "stdout", Map.of("written", "written_events", "dropped", "dropped_events", "write_errors", "write_errors"),
            "python_logging", Map.of("received", "received_messages", "events", "events",
                    "rejected_messages", "rejected_messages", "format_failed", "format_failed_records"),
            "kafka", Map.of("records", "records", "superseded", "superseded_records", "declined", "declined_records",
                    "rebalances", "rebalances", "errors", "errors"));
    /** Text keys that change too often to be labels (each value would be a series of its own). */
    private static final Set<String> NOT_LABELS = Set.of("last_error");
    /** Keys in seconds whose names do not say so. */
    private static final Set<String> SECONDS = Set.of("oldest_age");

    private StatusSectionMetrics() {
    }

    static List<MetricSnapshot> of(String section, BsonDocument document) {
        List<MetricSnapshot> metrics = new ArrayList<>();
        List<String> labelNames = new ArrayList<>();
        List<String> labelValues = new ArrayList<>();
        String prefix = "ziggyd_" + section + "_";
        for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
            String key = snake(entry.getKey());
            BsonValue value = entry.getValue();
            if (key.isEmpty()) {
                continue;
            }
            if (value.isString() && !NOT_LABELS.contains(key)) {
                labelNames.add(key);
                labelValues.add(value.asString().getValue());
            } else if (value.isNumber() || value.isBoolean()) {
                MetricSnapshot metric = metric(prefix, section, key, StatusMetrics.number(value));
                if (metric != null) {
                    metrics.add(metric);
                }
            }
        }
        if (!labelNames.isEmpty()) {
            metrics.add(InfoSnapshot.builder().name("ziggyd_" + section)
                    .help("The " + section + " state's text fields, as labels")
                    .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of(labelNames, labelValues)).build())
                    .build());
        }
        return metrics;
    }

    /** Null for a key whose name Prometheus reserves ({@code …_total}, {@code …_info}, …): better absent than a failed scrape. */
    private static MetricSnapshot metric(String prefix, String section, String key, double value) {
        if (!PrometheusNaming.isValidMetricName(prefix + key)) {
            return null;
        }
        String help = "STATUS " + section + "." + key;
        String counter = COUNTERS.getOrDefault(section, Map.of()).get(key);
        if (counter != null) {
            return StatusMetrics.counter(prefix + counter, help, value);
        }
        if (SECONDS.contains(key)) {
            return StatusMetrics.gauge(prefix + key + "_seconds", help + " (seconds)", value);
        }
        for (String millis : List.of("_ms", "_millis")) {
            if (key.endsWith(millis)) {
                String name = prefix + key.substring(0, key.length() - millis.length()) + "_seconds";
                return StatusMetrics.gauge(name, help + " in seconds", value / 1000);
            }
        }
        return StatusMetrics.gauge(prefix + key, help, value);
    }

    /** camelCase or odd characters to a metric-name-safe snake_case. */
    static String snake(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('_');
            }
            out.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : '_');
        }
        String name = out.toString().toLowerCase(Locale.ROOT);
        return !name.isEmpty() && Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }
}
