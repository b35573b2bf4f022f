package ziggy.processors.summary;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.IntCountsHistogram;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonValue;

/**
 * One numeric field's figures: count, min, mean and max exactly; percentiles from an HdrHistogram
 * {@link DoubleHistogram}, each within {@code 10^-digits} (relative) of a value recorded at that rank.
 * Negative values count in min, mean and max but not in the percentiles (the histogram holds none),
 * and are counted as {@code negative}; values beyond the histogram's dynamic range (about 2^53 between
 * the smallest and the largest) as {@code out_of_range}. NaN and infinities are not recorded.
 */
public final class FieldSummary {
    /** Three significant digits: 0.1 %, what the {@code summary} processor and ziggyview's totals use. */
    public static final int DIGITS = 3;

    private final int digits;
    private DoubleHistogram histogram;
    private long count;
    private long negative;
    private long outOfRange;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;

    public FieldSummary() {
        this(DIGITS);
    }

    /** With {@code digits} significant digits in the percentiles (2: within 1 %, a quarter of the memory of 3). */
    public FieldSummary(int digits) {
        this.digits = digits;
    }

    public void record(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (value < 0) {
            negative++;
            return;
        }
        if (histogram == null) {
            // Int counts: fewer than 2^31 of one value are expected; half the memory of long counts.
            histogram = new DoubleHistogram(digits, IntCountsHistogram.class);
        }
        try {
            histogram.recordValue(value);
        } catch (ArrayIndexOutOfBoundsException e) {
            outOfRange++;
        }
    }

    public long count() {
        return count;
    }

    /** NaN when nothing was recorded. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The value at percentile {@code p} (0 to 100) of the non-negative values; NaN when there are none. */
    public double percentile(double p) {
        return histogram == null || histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(p);
    }

    public long negative() {
        return negative;
    }

    public long outOfRange() {
        return outOfRange;
    }

    /** {@code {count, min, mean, p50, p90, p99, max}} (only the count when empty), then {@code negative}, {@code out_of_range} when not 0. */
    public BsonDocument toDocument() {
        BsonDocument d = new BsonDocument("count", new BsonInt64(count));
        if (count == 0) {
            return d;
        }
        d.append("min", new BsonDouble(min))
                .append("mean", new BsonDouble(sum / count))
                .append("p50", number(percentile(50)))
                .append("p90", number(percentile(90)))
                .append("p99", number(percentile(99)))
                .append("max", new BsonDouble(max));
        if (negative > 0) {
            d.append("negative", new BsonInt64(negative));
        }
        if (outOfRange > 0) {
            d.append("out_of_range", new BsonInt64(outOfRange));
        }
        return d;
    }

    private static BsonValue number(double d) {
        return Double.isNaN(d) ? BsonNull.VALUE : new BsonDouble(d);
    }
}
