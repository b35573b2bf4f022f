package ziggy.view.summary;

import java.io.IOException;
import java.io.Writer;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonValue;
import ziggy.protocol.event.EventJson;
import ziggy.view.events.JsonPrinter;

/**
 * {@code --summary --json}: one document,
 * <pre>
 * {"types": {&lt;type&gt;: {"count", "first", "last", "rate",
 *                     "fields": {&lt;path&gt;: {count, min, mean, p50, p90, p99, max}},
 *                     "top": {&lt;path&gt;: [[value, count], ...]}}},
 *  "other_types": n}
 * </pre>
 * Each type's figures are those of a {@code ziggy.summary} event's body, written by the same code
 * ({@link ziggy.processors.summary.TypeSummary#appendFigures}); {@code first} and {@code last} are the
 * earliest and latest event times (null when no event had one) where the body has its interval's
 * {@code from} and {@code to}, and {@code rate} is per second between them. {@code other_types} is
 * there only when events of more than {@link SummaryCollector#MAX_TYPES} types were read.
 * Written as relaxed Extended JSON with plain decimals ({@link EventJson}).
 */
public final class SummaryJson {
    private SummaryJson() {
    }

    public static BsonDocument document(Summary summary) {
        BsonDocument types = new BsonDocument();
        summary.types().forEach((name, type) -> {
            BsonDocument figures = type.figures().appendFigures(new BsonDocument(), type.span(), Summary.TOP_N);
            BsonDocument ordered = new BsonDocument("count", figures.get("count"))
                    .append("first", time(type.first()))
                    .append("last", time(type.last()));
            figures.forEach((key, value) -> {
                if (!key.equals("count")) {
                    ordered.append(key, value);
                }
            });
            types.append(name, ordered);
        });
        BsonDocument document = new BsonDocument("types", types);
        if (summary.otherTypes() > 0) {
            document.append("other_types", new BsonInt64(summary.otherTypes()));
        }
        return document;
    }

    private static BsonValue time(double seconds) {
        return Double.isNaN(seconds) ? BsonNull.VALUE : new BsonDouble(seconds);
    }

    /** The document and a line's end; indented when {@code pretty}. */
    public static void write(Summary summary, Writer out, boolean pretty) throws IOException {
        String json = EventJson.line(document(summary));
        if (pretty) {
            JsonPrinter.writePretty(json, out);
        } else {
            out.write(json);
        }
        out.write('\n');
    }
}
