package ziggy.processors.summary;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonValue;
import ziggy.processor.Event;
import ziggy.processor.FieldPath;

/**
 * Summaries of events by their top-level {@code type}: the accumulator of the {@code summary}
 * processor (one interval at a time) and of {@code ziggyview --summary} (a whole run). Memory is
 * bounded by the options, not by the number of events: at most {@code maxTypes} types (events of
 * further types are counted in {@link #otherTypes()}), one histogram per type and numeric field, and
 * at most {@code maxValues} distinct values per type and top field.
 *
 * <p>Numeric fields are read as numbers (int32, int64, double, decimal128; other values are
 * skipped); top fields count scalar values ({@link TopValues#isScalar}).
 */
public final class TypeSummaries {
    private final List<FieldPath> fields;
    private final List<FieldPath> tops;
    private final int maxTypes;
    private final int maxValues;
    private final Map<String, TypeSummary> types = new LinkedHashMap<>();
    private long otherTypes;

    public TypeSummaries(List<FieldPath> fields, List<FieldPath> tops, int maxTypes, int maxValues) {
        if (maxTypes < 1 || maxValues < 1) {
            throw new IllegalArgumentException("maxTypes and maxValues must be at least 1");
        }
        this.fields = List.copyOf(fields);
        this.tops = List.copyOf(tops);
        this.maxTypes = maxTypes;
        this.maxValues = maxValues;
    }

    /**
     * Counts the event under its type; returns that type's summary, or null when the event has no
     * type or its type is one too many (then counted in {@link #otherTypes()}).
     */
    public TypeSummary record(Event event) {
        String type = event.type();
        if (type == null) {
            return null;
        }
        TypeSummary summary = types.get(type);
        if (summary == null) {
            if (types.size() >= maxTypes) {
                otherTypes++;
                return null;
            }
            summary = new TypeSummary(fields, tops, maxValues);
            types.put(type, summary);
        }
        summary.count++;
        FieldSummary[] fieldSummaries = summary.fields();
        for (int i = 0; i < fieldSummaries.length; i++) {
            double value = number(event, fields.get(i));
            if (!Double.isNaN(value)) {
                fieldSummaries[i].record(value);
            }
        }
        TopValues[] topValues = summary.tops();
        for (int i = 0; i < topValues.length; i++) {
            BsonValue value = event.field(tops.get(i));
            if (value != null && TopValues.isScalar(value)) {
                topValues[i].count(value);
            }
        }
        return summary;
    }

    /** The number at {@code path} (int32, int64, double or decimal128), or NaN when there is none. */
    public static double number(Event event, FieldPath path) {
        BsonValue value = event.field(path);
        if (value == null) {
            return Double.NaN;
        }
        if (value.isDecimal128()) {
            return value.asDecimal128().doubleValue();
        }
        return value.isNumber() ? value.asNumber().doubleValue() : Double.NaN;
    }

    /** The summaries by type, in the order the types were first seen. */
    public Map<String, TypeSummary> types() {
        return Collections.unmodifiableMap(types);
    }

    /** Events not summarised because {@code maxTypes} other types were already held. */
    public long otherTypes() {
        return otherTypes;
    }

    public List<FieldPath> fields() {
        return fields;
    }

    public List<FieldPath> tops() {
        return tops;
    }

    /** Forgets every type, for the next interval. */
    public void clear() {
        types.clear();
        otherTypes = 0;
    }
}
