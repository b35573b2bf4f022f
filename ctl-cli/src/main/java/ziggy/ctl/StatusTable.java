package ziggy.ctl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import ziggy.protocol.control.StatusKeys;

/**
 * Renders a STATUS reply (see {@link StatusKeys}) for a person: first the daemon as a whole, then
 * one row per event type and per sending host with its count and how long ago it was last seen.
 * "Ago" is reckoned from {@code now} on this machine against the daemon's epoch-second times.
 *
 * <p>It reads what is there: an original Ziggy daemon's reply (only {@code last}, {@code lag},
 * {@code events}, {@code hosts}) renders too, and sections it does not know by name (an agent's
 * queue and forwarder) are printed as dotted keys and values, so nothing the daemon says is hidden.
 */
final class StatusTable {
    private static final Set<String> RENDERED = Set.of(StatusKeys.LAST, StatusKeys.LAG, StatusKeys.EVENTS, StatusKeys.HOSTS,
            StatusKeys.TOTAL, StatusKeys.REJECTED, StatusKeys.UPTIME, StatusKeys.VERSION, StatusKeys.FILES, StatusKeys.STREAM,
            StatusKeys.COLLECT);
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

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
        line("ziggyd" + version + " at " + daemon + uptime);

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
        for (Map.Entry<String, BsonValue> entry : status.entrySet()) {
            if (!RENDERED.contains(entry.getKey())) {
                rows.add(row(entry.getKey(), entry.getValue().isDocument() ? pairs(entry.getValue().asDocument()) : scalar(entry.getValue())));
            }
        }
        table(rows, false);
        sources("TYPE", status, StatusKeys.EVENTS);
        sources("HOST", status, StatusKeys.HOSTS);
        return out.toString();
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
        table(rows, true);
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

    private static String scalar(BsonValue value) {
        if (value.isString()) {
            return value.asString().getValue();
        }
        if (value.isInt32() || value.isInt64()) {
            return count(value);
        }
        if (value.isDouble()) {
            return String.format(Locale.ROOT, "%.3f", value.asDouble().getValue());
        }
        if (value.isBoolean()) {
            return value.asBoolean().getValue() ? "yes" : "no";
        }
        if (value.isNull()) {
            return "none";
        }
        return new BsonDocument("v", value).toJson(RELAXED).replaceFirst("^\\{\"v\": ", "").replaceFirst("}$", "");
    }

    private String ago(double thenSeconds) {
        double seconds = nowSeconds - thenSeconds;
        if (seconds < 0) {
            return "in " + duration(-seconds) + " (clocks differ)";
        }
        return duration(seconds) + " ago";
    }

    /** {@code 4 s}, {@code 2 min 05 s}, {@code 3 h 02 min}, {@code 5 d 03 h}: the two largest units. */
    static String duration(double seconds) {
        long s = (long) Math.floor(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3600);
    }

    private static String count(BsonValue value) {
        return value != null && value.isNumber() ? String.format(Locale.ROOT, "%,d", value.asNumber().longValue()) : "?";
    }

    private static String bytes(BsonValue value) {
        if (value == null || !value.isNumber()) {
            return "? bytes";
        }
        long n = value.asNumber().longValue();
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double scaled = n;
        int unit = -1;
        while (scaled >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", scaled, units[unit]);
    }

    private static Double number(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isNumber() ? value.asNumber().doubleValue() : null;
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    /** Columns two spaces apart, left-aligned but for the second when {@code countColumn}: counts align right. */
    private void table(List<String[]> rows, boolean countColumn) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder text = new StringBuilder();
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
