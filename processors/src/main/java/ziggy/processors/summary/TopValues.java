package ziggy.processors.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonInt64;
import org.bson.BsonValue;

/**
 * Exact counts per distinct value, for at most {@code maxValues} distinct values: past that, values
 * not yet seen are counted in {@link #other()} only, so memory is bounded whatever the input. The top
 * values are then exact as long as the field has at most {@code maxValues} distinct values; values with
 * the same count are listed in the order they were first seen.
 */
public final class TopValues {
    private final int maxValues;
    private final Map<BsonValue, long[]> counts = new LinkedHashMap<>(); // in first-seen order: ties are listed so, the same on every run
    private long other;

    public TopValues(int maxValues) {
        this.maxValues = maxValues;
    }

    /** Whether a value is counted at all: strings, numbers, booleans, null, ObjectIds and datetimes. */
    public static boolean isScalar(BsonValue value) {
        return value.isString() || value.isNumber() || value.isDecimal128() || value.isBoolean() || value.isNull()
                || value.isObjectId() || value.isDateTime();
    }

    public void count(BsonValue value) {
        long[] n = counts.get(value);
        if (n != null) {
            n[0]++;
        } else if (counts.size() < maxValues) {
            counts.put(value, new long[] {1});
        } else {
            other++;
        }
    }

    /** Values not counted because {@code maxValues} distinct ones were already held. */
    public long other() {
        return other;
    }

    /** The {@code n} most frequent values, most frequent first. */
    public List<Counted> top(int n) {
        List<Counted> all = new ArrayList<>(counts.size());
        counts.forEach((value, count) -> all.add(new Counted(value, count[0])));
        all.sort((a, b) -> Long.compare(b.count(), a.count()));
        return all.subList(0, Math.min(n, all.size()));
    }

    /** {@code [[value, count], ...]}, the {@code n} most frequent first. */
    public BsonArray toArray(int n) {
        BsonArray array = new BsonArray();
        for (Counted counted : top(n)) {
            array.add(new BsonArray(List.of(counted.value(), new BsonInt64(counted.count()))));
        }
        return array;
    }

    public record Counted(BsonValue value, long count) {
    }
}
