package ziggy.view.summary;

import java.util.List;
import java.util.Map;
import ziggy.processor.FieldPath;
import ziggy.processors.summary.TypeSummary;

/**
 * The summary of a run, what the table, the JSON and the graphs are made from.
 *
 * @param types by type name, in alphabetical order
 * @param otherTypes events not summarised because {@link SummaryCollector#MAX_TYPES} types were already held
 */
public record Summary(List<FieldPath> fields, List<FieldPath> tops, Map<String, OfType> types, long otherTypes) {
    /** How many most frequent values are shown per top field. */
    public static final int TOP_N = 10;

    /**
     * One type.
     *
     * @param first the earliest event time, seconds since the epoch; NaN when no event had a time
     * @param untimed events without a time
     * @param minutes events per minute; null without {@code --graphs}
     * @param fieldMinutes each field's percentiles per minute, in the order of {@code fields}; empty without {@code --graphs}
     */
    public record OfType(String name, TypeSummary figures, double first, double last, long untimed,
            MinuteCounts minutes, List<MinutePercentiles> fieldMinutes) {
        /** Seconds from the first to the last event; 0 when fewer than two times were seen. */
        public double span() {
            return Double.isNaN(first) ? 0 : last - first;
        }
    }
}
