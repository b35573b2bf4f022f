package ziggy.ctl;

import static ziggy.ctl.Figures.bytes;
import static ziggy.ctl.Figures.count;
import static ziggy.ctl.Figures.duration;
import static ziggy.ctl.Figures.number;
import static ziggy.ctl.Figures.scalar;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import ziggy.protocol.control.StatusKeys;

/**
 * Renders a STATUS reply (see {@link StatusKeys}) for a person: first the daemon as a whole (its
 * role in the header, a {@code batches} row once it has taken any), then for an agent or a relay
 * its queue and forwarder ({@link AgentSections}), then one row per event type and per sending host
 * with its count and how long ago it was last seen. "Ago" is reckoned from {@code now} on this
 * machine against the daemon's epoch-second times.
 *
 * <p>It reads what is there: an original Ziggy daemon's reply (only {@code last}, {@code lag},
 * {@code events}, {@code hosts}) or one from before roles renders as it always did, and sections it
 * does not know by name are printed as dotted keys and values, so nothing the daemon says is hidden.
 */
final class StatusTable {
    private static final Set<String> RENDERED = Set.of(StatusKeys.LAST, StatusKeys.LAG, StatusKeys.EVENTS, StatusKeys.HOSTS,
            StatusKeys.TOTAL, StatusKeys.REJECTED, StatusKeys.UPTIME, StatusKeys.VERSION, StatusKeys.FILES, StatusKeys.STREAM,
            StatusKeys.COLLECT);
    /** Keys rendered by name when they have the shape this version knows; otherwise shown as they come. */
    private static final Set<String> RENDERED_WHEN_KNOWN = Set.of(StatusKeys.ROLE, StatusKeys.BATCHES, StatusKeys.QUEUE,
            StatusKeys.FORWARD, StatusKeys.FAILED, StatusKeys.KAFKA);
    private static final String INDENT = "  ";

    private final String daemon;
    private final double nowSeconds;
    private final StringBuilder out = new StringBuilder();

    StatusTable(String daemon, Instant now) {
        this.daemon = daemon;
        this.nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
    }

    String render(BsonDocument status) {
        String version = status.isString(StatusKeys.VERSION) ? " " + status.getString(StatusKeys.VERSION).getValue() : "";
        String uptime = number(status, StatusKeys.UPTIME) != null ? ", up " + duration(number(status, StatusKeys.UPTIME)) : "";
        String role = status.isString(StatusKeys.ROLE) ? ", " + status.getString(StatusKeys.ROLE).getValue() : "";
        line("ziggyd" + version + " at " + daemon + role + uptime);

        List<String[]> rows = new ArrayList<>();
        Double last = number(status, StatusKeys.LAST);
        Double lag = number(status, StatusKeys.LAG);
        rows.add(row("last event", last == null ? "none yet"
                : ago(last) + (lag != null ? String.format(Locale.ROOT, " (lag %.3f s)", lag) : "")));
        if (status.isDocument(StatusKeys.TOTAL)) {
            BsonDocument total = status.getDocument(StatusKeys.TOTAL);
            rows.add(row("taken in", count(total.get(StatusKeys.TOTAL_EVENTS)) + " events, " + bytes(total.get(StatusKeys.TOTAL_BYTES))));
        }
        if (status.isDocument(StatusKeys.REJECTED)) {
            rows.add(row("rejected", rejects(status.getDocument(StatusKeys.REJECTED))));
        }
        if (status.isDocument(StatusKeys.COLLECT)) {
            rows.add(row("collect", pairs(status.getDocument(StatusKeys.COLLECT))));
        }
        if (status.isDocument(StatusKeys.FILES)) {
            rows.add(row("files", pairs(status.getDocument(StatusKeys.FILES))));
        }
        if (status.isDocument(StatusKeys.STREAM)) {
            rows.add(row("stream", pairs(status.getDocument(StatusKeys.STREAM))));
        }
        if (status.isDocument(StatusKeys.BATCHES)) {
            batches(status.getDocument(StatusKeys.BATCHES), rows);
        }
        if (status.isDocument(StatusKeys.FAILED) && !status.getDocument(StatusKeys.FAILED).isEmpty()) {
            rows.add(row("failed", failed(status.getDocument(StatusKeys.FAILED))));
        }
        for (Map.Entry<String, BsonValue> entry : status.entrySet()) {
            if (!RENDERED.contains(entry.getKey()) && !renderedByName(entry)) {
                rows.add(row(entry.getKey(), entry.getValue().isDocument() ? pairs(entry.getValue().asDocument()) : scalar(entry.getValue())));
            }
        }
        table(rows, false, "");
        BsonDocument queue = status.isDocument(StatusKeys.QUEUE) ? status.getDocument(StatusKeys.QUEUE) : null;
        if (queue != null && !queue.isEmpty()) {
            section("Queue", AgentSections.queue(queue));
        }
        if (status.isDocument(StatusKeys.FORWARD) && !status.getDocument(StatusKeys.FORWARD).isEmpty()) {
            section("Forward", AgentSections.forward(status.getDocument(StatusKeys.FORWARD), queue));
        }
        if (status.isDocument(StatusKeys.KAFKA) && !status.getDocument(StatusKeys.KAFKA).isEmpty()) {
            section("Kafka", AgentSections.kafka(status.getDocument(StatusKeys.KAFKA)));
        }
        sources("TYPE", status, StatusKeys.EVENTS);
        sources("HOST", status, StatusKeys.HOSTS);
        return out.toString();
    }

    private static boolean renderedByName(Map.Entry<String, BsonValue> entry) {
        if (!RENDERED_WHEN_KNOWN.contains(entry.getKey())) {
            return false;
        }
        return entry.getKey().equals(StatusKeys.ROLE) ? entry.getValue().isString() : entry.getValue().isDocument();
    }

    /** Batches from agents: a row once any came (a daemon no agent forwards to has nothing to say here). */
    private static void batches(BsonDocument batches, List<String[]> rows) {
        Long received = Figures.whole(batches, StatusKeys.BATCHES_RECEIVED);
        if (received == null || received == 0) {
            return;
        }
        rows.add(row("batches", count(received) + " received, " + count(batches.get(StatusKeys.BATCHES_EVENTS), "event", "events") + " from "
                + count(batches.get(StatusKeys.BATCHES_SOURCES), "source", "sources") + forgotten(batches) + "; "
                + count(batches.get(StatusKeys.BATCHES_DUPLICATES))
                + " duplicates dropped, " + count(batches.get(StatusKeys.BATCHES_GAPS)) + " skipped by their source"));
    }

    /**
     * "(N more forgotten idle, M to make room)" after the sources when any were ({@code --source-expiry},
     * {@code --max-sources-per-peer}); nothing otherwise or from older daemons.
     */
    private static String forgotten(BsonDocument batches) {
        Long expired = Figures.whole(batches, StatusKeys.BATCHES_SOURCES_EXPIRED);
        Long evicted = Figures.whole(batches, StatusKeys.BATCHES_SOURCES_EVICTED);
        List<String> forgotten = new ArrayList<>();
        if (expired != null && expired > 0) {
            forgotten.add(count(expired) + " more forgotten idle");
        }
        if (evicted != null && evicted > 0) {
            forgotten.add(count(evicted) + (forgotten.isEmpty() ? " more" : "") + " forgotten to make room");
        }
        return forgotten.isEmpty() ? "" : " (" + String.join(", ", forgotten) + ")";
    }

    private void section(String heading, List<String[]> rows) {
        line("");
        line(heading);
        table(rows, false, INDENT);
    }

    /** One row per type or host: name, count, last seen; in the daemon's order. */
    private void sources(String heading, BsonDocument status, String key) {
        if (!status.isDocument(key)) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {heading, "COUNT", "LAST SEEN"});
        for (Map.Entry<String, BsonValue> entry : status.getDocument(key).entrySet()) {
            BsonDocument source = entry.getValue().isDocument() ? entry.getValue().asDocument() : new BsonDocument();
            Double last = number(source, StatusKeys.LAST);
            rows.add(new String[] {entry.getKey(), source.containsKey(StatusKeys.COUNT) ? count(source.get(StatusKeys.COUNT)) : "",
                last == null ? "never" : ago(last)});
        }
        line("");
        if (rows.size() == 1) {
            line(heading.charAt(0) + heading.substring(1).toLowerCase(Locale.ROOT) + "s: none yet");
            return;
        }
        table(rows, true, "");
    }

    /** {@code stream (java.lang.OutOfMemoryError: Java heap space)}: the daemon is stopping with exit status 1. */
    private static String failed(BsonDocument failed) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, BsonValue> part : failed.entrySet()) {
            BsonValue reason = part.getValue().isDocument() ? part.getValue().asDocument().get(StatusKeys.FAILED_REASON) : null;
            parts.add(part.getKey() + (reason != null && reason.isString() ? " (" + reason.asString().getValue() + ")" : ""));
        }
        return String.join(", ", parts) + "; the daemon is stopping";
    }

    private String rejects(BsonDocument rejected) {
        long total = 0;
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, BsonValue> entry : rejected.entrySet()) {
            long n = entry.getValue().isNumber() ? entry.getValue().asNumber().longValue() : 0;
            if (n > 0) {
                total += n;
                reasons.add(String.format(Locale.ROOT, "%,d %s", n, entry.getKey()));
            }
        }
        return total == 0 ? "none" : String.format(Locale.ROOT, "%,d: ", total) + String.join(", ", reasons);
    }

    private static String pairs(BsonDocument document) {
        List<String> parts = new ArrayList<>();
        flatten("", document, parts);
        return String.join(", ", parts);
    }

    private static void flatten(String prefix, BsonDocument document, List<String> parts) {
        for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
            String name = prefix + entry.getKey().replace('_', ' ');
            if (entry.getValue().isDocument()) {
                flatten(name + ".", entry.getValue().asDocument(), parts);
            } else if (entry.getKey().endsWith("port") && entry.getValue().isNumber()) {
                parts.add(name + " " + entry.getValue().asNumber().longValue()); // a port is a name, not a quantity
            } else {
                parts.add(name + " " + scalar(entry.getValue()));
            }
        }
    }

    private String ago(double thenSeconds) {
        double seconds = nowSeconds - thenSeconds;
        if (seconds < 0) {
            return "in " + duration(-seconds) + " (clocks differ)";
        }
        return duration(seconds) + " ago";
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    /** Columns two spaces apart, left-aligned but for the second when {@code countColumn}: counts align right. */
    private void table(List<String[]> rows, boolean countColumn, String indent) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder text = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                boolean right = countColumn && c == 1;
                String cell = c == columns - 1 ? row[c]
                        : String.format(Locale.ROOT, "%" + (right ? "" : "-") + widths[c] + "s", row[c]);
                text.append(c == 0 ? "" : "  ").append(cell);
            }
            line(text.toString().stripTrailing());
        }
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
