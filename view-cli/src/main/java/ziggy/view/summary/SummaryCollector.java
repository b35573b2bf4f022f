package ziggy.view.summary;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.RawBsonDocument;
import ziggy.processor.Event;
import ziggy.processor.FieldPath;
import ziggy.processors.summary.TypeSummaries;
import ziggy.processors.summary.TypeSummary;
import ziggy.view.events.EventOutput;

/**
 * Summarises the events the pipeline keeps, instead of printing them: their figures per type in
 * {@link TypeSummaries}, each type's first and last event time (the top-level {@code start}, seconds
 * since the epoch, as the client library writes it; a datetime is taken too), and, for
 * {@code --graphs}, events per minute and each field's percentiles per minute. An event without a time
 * is counted in the figures but not in the times nor the per-minute series.
 */
public final class SummaryCollector implements EventOutput {
    /** How many distinct values a top field counts exactly per type, as the summary processor's default. */
    static final int MAX_VALUES = 10_000;
    static final int MAX_TYPES = 1_000;
    private static final FieldPath START = FieldPath.of("start");

    private final TypeSummaries summaries;
    private final boolean perMinute;
    private final Map<String, Extra> extras = new HashMap<>();

    public SummaryCollector(List<FieldPath> fields, List<FieldPath> tops, boolean perMinute) {
        this.summaries = new TypeSummaries(fields, tops, MAX_TYPES, MAX_VALUES);
        this.perMinute = perMinute;
    }

    @Override
    public void print(RawBsonDocument document) {
        ByteBuffer bytes = document.getByteBuffer().asNIO();
        Event event = Event.of(bytes, bytes.position(), bytes.remaining());
        TypeSummary summary = summaries.record(event);
        if (summary == null) {
            return;
        }
        Extra extra = extras.computeIfAbsent(event.type(), type -> new Extra(summaries.fields().size(), perMinute));
        double time = time(event);
        if (Double.isNaN(time)) {
            extra.untimed++;
            return;
        }
        extra.first = Math.min(extra.first, time);
        extra.last = Math.max(extra.last, time);
        if (perMinute) {
            long minute = (long) Math.floor(time / 60);
            extra.minutes.add(minute);
            for (int i = 0; i < extra.fieldMinutes.length; i++) {
                double value = TypeSummaries.number(event, summaries.fields().get(i));
                if (!Double.isNaN(value) && value >= 0) {
                    extra.fieldMinutes[i].record(minute, value);
                }
            }
        }
    }

    private static double time(Event event) {
        var value = event.field(START);
        if (value == null) {
            return Double.NaN;
        }
        if (value.isDateTime()) {
            return value.asDateTime().getValue() / 1000.0;
        }
        return value.isNumber() ? value.asNumber().doubleValue() : Double.NaN;
    }

    @Override
    public void flush() {
        // Written once, at the end.
    }

    /** What was summarised, by type name in alphabetical order. */
    public Summary summary() {
        Map<String, Summary.OfType> types = new TreeMap<>();
        summaries.types().forEach((type, figures) -> {
            Extra extra = extras.get(type);
            types.put(type, new Summary.OfType(type, figures,
                    extra.first <= extra.last ? extra.first : Double.NaN,
                    extra.first <= extra.last ? extra.last : Double.NaN,
                    extra.untimed, extra.minutes, List.of(extra.fieldMinutes)));
        });
        return new Summary(summaries.fields(), summaries.tops(), types, summaries.otherTypes());
    }

    private static final class Extra {
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        long untimed;
        final MinuteCounts minutes;
        final MinutePercentiles[] fieldMinutes;

        Extra(int fields, boolean perMinute) {
            minutes = perMinute ? new MinuteCounts() : null;
            fieldMinutes = new MinutePercentiles[perMinute ? fields : 0];
            for (int i = 0; i < fieldMinutes.length; i++) {
                fieldMinutes[i] = new MinutePercentiles();
            }
        }
    }
}
