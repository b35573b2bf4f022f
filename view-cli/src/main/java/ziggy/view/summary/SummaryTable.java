package ziggy.view.summary;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.BsonValue;
import ziggy.processor.FieldPath;
import ziggy.processors.summary.FieldSummary;
import ziggy.processors.summary.TopValues;
import ziggy.protocol.event.EventJson;

/**
 * {@code --summary}'s table, for a person to read at a glance: one block per type,
 * <pre>
 * request
 *   count   120,000
 *   first   2026-12-06 03:00:00.000 UTC
 *   last    2026-12-06 03:59:59.990 UTC
 *   rate    33.34 events/s over 59 min 59.99 s
 *
 *   field                  count       min      mean       p50       p90       p99       max
 *   body.request_time    120,000  0.001200    0.2500    0.2010    0.5100     1.020     3.400
 *
 *   top body.response.status       count   share
 *     200                        100,000  83.3 %
 *     404                         15,000  12.5 %
 * </pre>
 * Figures have four significant digits; counts are exact, with thousands separated.
 */
public final class SummaryTable {
    private static final MathContext FOUR_DIGITS = new MathContext(4);
    private static final int MAX_VALUE_WIDTH = 40;

    private final ZoneId zone;
    private final DateTimeFormatter times;

    public SummaryTable(ZoneId zone) {
        this.zone = zone;
        this.times = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(zone);
    }

    public String render(Summary summary) {
        StringBuilder out = new StringBuilder();
        if (summary.types().isEmpty()) {
            out.append("no events\n");
        }
        for (Summary.OfType type : summary.types().values()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            block(out, summary, type);
        }
        if (summary.otherTypes() > 0) {
            out.append('\n').append(count(summary.otherTypes()))
                    .append(" events of further types not summarised (at most ").append(SummaryCollector.MAX_TYPES).append(" types)\n");
        }
        return out.toString();
    }

    private void block(StringBuilder out, Summary summary, Summary.OfType type) {
        out.append(type.name()).append('\n');
        out.append("  count   ").append(count(type.figures().count())).append('\n');
        if (Double.isNaN(type.first())) {
            out.append("  first   -\n  last    -\n  rate    - (no event has a time)\n");
        } else {
            out.append("  first   ").append(time(type.first())).append('\n');
            out.append("  last    ").append(time(type.last())).append('\n');
            out.append("  rate    ");
            if (type.span() > 0) {
                out.append(number(type.figures().count() / type.span())).append(" events/s over ").append(duration(type.span()));
            } else {
                out.append("- (all at one instant)");
            }
            out.append('\n');
        }
        if (type.untimed() > 0) {
            out.append("  (").append(count(type.untimed())).append(" without a time)\n");
        }
        fields(out, summary.fields(), type);
        for (int i = 0; i < summary.tops().size(); i++) {
            top(out, summary.tops().get(i), type.figures().top(i), type.figures().count());
        }
    }

    private static void fields(StringBuilder out, List<FieldPath> paths, Summary.OfType type) {
        if (paths.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"field", "count", "min", "mean", "p50", "p90", "p99", "max"});
        for (int i = 0; i < paths.size(); i++) {
            FieldSummary f = type.figures().field(i);
            rows.add(new String[] {paths.get(i).toString(), count(f.count()), number(f.min()), number(f.mean()),
                number(f.percentile(50)), number(f.percentile(90)), number(f.percentile(99)), number(f.max())});
        }
        out.append('\n');
        table(out, rows, "  ");
    }

    private static void top(StringBuilder out, FieldPath path, TopValues values, long events) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"top " + path, "count", "share"});
        for (TopValues.Counted counted : values.top(Summary.TOP_N)) {
            rows.add(new String[] {"  " + shown(counted.value()), count(counted.count()),
                String.format(Locale.ROOT, "%.1f %%", 100.0 * counted.count() / events)});
        }
        if (values.other() > 0) {
            rows.add(new String[] {"  (past " + count(SummaryCollector.MAX_VALUES) + " distinct values)", count(values.other()), ""});
        }
        if (rows.size() == 1) {
            rows.add(new String[] {"  (no value)", "", ""});
        }
        out.append('\n');
        table(out, rows, "  ");
    }

    /** The first column left-aligned, the others right-aligned, two spaces apart. */
    private static void table(StringBuilder out, List<String[]> rows, String indent) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            line.append(row[0]).append(" ".repeat(widths[0] - row[0].length()));
            for (int c = 1; c < row.length; c++) {
                line.append("  ").append(" ".repeat(widths[c] - row[c].length())).append(row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String shown(BsonValue value) {
        String text;
        if (value.isString()) {
            text = value.asString().getValue();
        } else if (value.isDouble()) {
            text = EventJson.plain(value.asDouble().getValue());
        } else if (value.isInt32() || value.isInt64()) {
            text = Long.toString(value.asNumber().longValue());
        } else if (value.isBoolean()) {
            text = Boolean.toString(value.asBoolean().getValue());
        } else if (value.isNull()) {
            text = "null";
        } else {
            String json = EventJson.line(new org.bson.BsonDocument("v", value));
            text = json.substring(json.indexOf(':') + 1, json.length() - 1).strip();
        }
        text = text.replace('\n', ' ').replace('\t', ' ');
        return text.length() > MAX_VALUE_WIDTH ? text.substring(0, MAX_VALUE_WIDTH - 1) + "…" : text;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Four significant digits, without an exponent from 0.0001 to a billion; "-" for none. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "-";
        }
        double magnitude = Math.abs(d);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e9)) {
            return String.format(Locale.ROOT, "%.3e", d);
        }
        BigDecimal rounded = new BigDecimal(d).round(FOUR_DIGITS);
        if (rounded.precision() < 4) { // 0.25 as 0.2500: the columns then show the precision held
            rounded = rounded.setScale(rounded.scale() + 4 - rounded.precision());
        }
        return rounded.toPlainString();
    }

    private String time(double seconds) {
        long millis = Math.round(seconds * 1000);
        return times.format(Instant.ofEpochMilli(millis)) + " " + zone.getId();
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return number(seconds) + " s";
        }
        long whole = (long) seconds;
        long days = whole / 86_400;
        long hours = whole % 86_400 / 3600;
        long minutes = whole % 3600 / 60;
        double rest = seconds - whole + whole % 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append(" d ");
        }
        if (days > 0 || hours > 0) {
            text.append(hours).append(" h ");
        }
        text.append(minutes).append(" min ").append(String.format(Locale.ROOT, "%.2f", rest)).append(" s");
        return text.toString();
    }
}
