package ziggy.processors.summary;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import ziggy.processor.FieldPath;

/** One type's figures: its count, a {@link FieldSummary} per numeric field and a {@link TopValues} per top field. */
public final class TypeSummary {
    private final List<FieldPath> fieldPaths;
    private final List<FieldPath> topPaths;
    private final FieldSummary[] fields;
    private final TopValues[] tops;
    long count;

    TypeSummary(List<FieldPath> fieldPaths, List<FieldPath> topPaths, int maxValues) {
        this.fieldPaths = fieldPaths;
        this.topPaths = topPaths;
        fields = new FieldSummary[fieldPaths.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = new FieldSummary();
        }
        tops = new TopValues[topPaths.size()];
        for (int i = 0; i < tops.length; i++) {
            tops[i] = new TopValues(maxValues);
        }
    }

    public long count() {
        return count;
    }

    /** The figures of the {@code i}th numeric field, in the order given to {@link TypeSummaries}. */
    public FieldSummary field(int i) {
        return fields[i];
    }

    public TopValues top(int i) {
        return tops[i];
    }

    FieldSummary[] fields() {
        return fields;
    }

    TopValues[] tops() {
        return tops;
    }

    /**
     * Appends to {@code into}: {@code count}, {@code rate} (count per second over {@code spanSeconds},
     * 0 for no span), {@code fields: {<path>: {count, min, mean, p50, p90, p99, max}}} when fields were
     * asked for, {@code top: {<path>: [[value, count], ...]}} with the {@code topN} most frequent values
     * when top fields were, and {@code top_other: {<path>: n}} for values past the distinct-value cap.
     */
    public BsonDocument appendFigures(BsonDocument into, double spanSeconds, int topN) {
        into.append("count", new BsonInt64(count))
                .append("rate", new BsonDouble(spanSeconds > 0 ? count / spanSeconds : 0));
        if (!fieldPaths.isEmpty()) {
            BsonDocument fieldStats = new BsonDocument();
            for (int i = 0; i < fields.length; i++) {
                fieldStats.append(fieldPaths.get(i).toString(), fields[i].toDocument());
            }
            into.append("fields", fieldStats);
        }
        if (!topPaths.isEmpty()) {
            BsonDocument top = new BsonDocument();
            BsonDocument other = new BsonDocument();
            for (int i = 0; i < tops.length; i++) {
                top.append(topPaths.get(i).toString(), tops[i].toArray(topN));
                if (tops[i].other() > 0) {
                    other.append(topPaths.get(i).toString(), new BsonInt64(tops[i].other()));
                }
            }
            into.append("top", top);
            if (!other.isEmpty()) {
                into.append("top_other", other);
            }
        }
        return into;
    }
}
