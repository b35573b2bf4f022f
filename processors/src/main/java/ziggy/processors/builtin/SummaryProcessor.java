package ziggy.processors.builtin;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.IntCountsHistogram;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import ziggy.processor.Decision;
import ziggy.processor.Emitter;
import ziggy.processor.Event;
import ziggy.processor.EventProcessor;
import ziggy.processor.FieldPath;
import ziggy.processor.Processor;
import ziggy.processor.ProcessorContext;
import ziggy.processor.ProcessorFactory;
import ziggy.processor.ProcessorOptions;
import ziggy.processor.Schedule;
import ziggy.processor.TimerProcessor;

/**
 * {@code summary:interval=2s,fields=body.request_time|...,top=body.response.status|...,top-n=10}:
 * keeps every event, and every interval emits, for each type seen in it, one event
 * <pre>
 * {type: "ziggy.summary", id: &lt;32 hex&gt;, host: &lt;the daemon's&gt;, start: from, end: to,
 *  body: {type, from, to, count, rate,
 *         fields: {&lt;path&gt;: {count, min, mean, p50, p90, p99, max}},
 *         top: {&lt;path&gt;: [[value, count], ...]}}}
 * </pre>
 * ({@code from}, {@code to}: epoch seconds; {@code rate}: count per second). {@code fields} are read
 * as numbers (int32, int64, double, decimal128; others are skipped); {@code top} counts scalar values
 * (strings, numbers, booleans, null), the {@code top-n} most frequent first.
 *
 * <p>Percentiles come from an HdrHistogram {@link DoubleHistogram} with three significant digits, so
 * each is within 0.1 % of a value recorded at that rank; negative values count in min, mean and max
 * but not in the percentiles (the histogram holds none), and are counted as {@code negative}.
 *
 * <p>Memory is bounded: at most {@code max-types} (1000) types an interval, the rest counted in each
 * summary's {@code other_types}; at most {@code max-values} (10,000) distinct values a top path, the
 * rest counted in {@code top_other}. A {@code ziggy.summary} event is never summarised itself.
 */
public final class SummaryProcessor implements EventProcessor, TimerProcessor {
    static final String SUMMARY_TYPE = "ziggy.summary";
    private static final int DIGITS = 3;

    private final Schedule schedule;
    private final FieldPath[] fields;
    private final FieldPath[] tops;
    private final int topN;
    private final int maxTypes;
    private final int maxValues;
    private final String host;
    private final Map<String, TypeSummary> types = new LinkedHashMap<>();
    private Instant from;
    private long otherTypes;

    private SummaryProcessor(Schedule schedule, FieldPath[] fields, FieldPath[] tops, int topN, int maxTypes, int maxValues,
            String host, Clock clock) {
        this.schedule = schedule;
        this.fields = fields;
        this.tops = tops;
        this.topN = topN;
        this.maxTypes = maxTypes;
        this.maxValues = maxValues;
        this.host = host;
        this.from = clock.instant();
    }

    @Override
    public Decision process(Event event, Emitter emitter) {
        String type = event.type();
        if (type == null || type.equals(SUMMARY_TYPE)) {
            return Decision.KEEP;
        }
        TypeSummary summary = types.get(type);
        if (summary == null) {
            if (types.size() >= maxTypes) {
                otherTypes++;
                return Decision.KEEP;
            }
            summary = new TypeSummary(fields.length, tops.length);
            types.put(type, summary);
        }
        summary.count++;
        for (int i = 0; i < fields.length; i++) {
            BsonValue value = event.field(fields[i]);
            if (value != null && value.isNumber() || value != null && value.isDecimal128()) {
                summary.fields[i].record(value.isDecimal128() ? value.asDecimal128().doubleValue() : value.asNumber().doubleValue());
            }
        }
        for (int i = 0; i < tops.length; i++) {
            BsonValue value = event.field(tops[i]);
            if (value != null && isScalar(value)) {
                summary.tops[i].count(value, maxValues);
            }
        }
        return Decision.KEEP;
    }

    private static boolean isScalar(BsonValue value) {
        return value.isString() || value.isNumber() || value.isDecimal128() || value.isBoolean() || value.isNull()
                || value.isObjectId() || value.isDateTime();
    }

    @Override
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public void fire(Instant now, Emitter emitter) {
        Instant to = now;
        List<BsonDocument> summaries = new ArrayList<>(types.size());
        types.forEach((type, summary) -> summaries.add(summaryEvent(type, summary, from, to)));
        types.clear();
        otherTypes = 0;
        from = to;
        for (BsonDocument summary : summaries) {
            emitter.emit(summary);
        }
    }

    private BsonDocument summaryEvent(String type, TypeSummary summary, Instant from, Instant to) {
        double fromSeconds = seconds(from);
        double toSeconds = seconds(to);
        double span = toSeconds - fromSeconds;
        BsonDocument body = new BsonDocument("type", new BsonString(type))
                .append("from", new BsonDouble(fromSeconds))
                .append("to", new BsonDouble(toSeconds))
                .append("count", new BsonInt64(summary.count))
                .append("rate", new BsonDouble(span > 0 ? summary.count / span : 0));
        if (fields.length > 0) {
            BsonDocument fieldStats = new BsonDocument();
            for (int i = 0; i < fields.length; i++) {
                fieldStats.append(fields[i].toString(), summary.fields[i].toDocument());
            }
            body.append("fields", fieldStats);
        }
        if (tops.length > 0) {
            BsonDocument top = new BsonDocument();
            BsonDocument other = new BsonDocument();
            for (int i = 0; i < tops.length; i++) {
                top.append(tops[i].toString(), summary.tops[i].toArray(topN));
                if (summary.tops[i].other > 0) {
                    other.append(tops[i].toString(), new BsonInt64(summary.tops[i].other));
                }
            }
            body.append("top", top);
            if (!other.isEmpty()) {
                body.append("top_other", other);
            }
        }
        if (otherTypes > 0) {
            body.append("other_types", new BsonInt64(otherTypes));
        }
        return new BsonDocument("type", new BsonString(SUMMARY_TYPE))
                .append("id", new BsonString(newId()))
                .append("host", new BsonString(host))
                .append("start", new BsonDouble(fromSeconds))
                .append("end", new BsonDouble(toSeconds))
                .append("body", body);
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /** 32 hex characters, as the client library's top-level ids. */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /** One type's figures for the current interval. */
    private static final class TypeSummary {
        long count;
        final FieldSummary[] fields;
        final TopValues[] tops;

        TypeSummary(int fieldCount, int topCount) {
            fields = new FieldSummary[fieldCount];
            for (int i = 0; i < fieldCount; i++) {
                fields[i] = new FieldSummary();
            }
            tops = new TopValues[topCount];
            for (int i = 0; i < topCount; i++) {
                tops[i] = new TopValues();
            }
        }
    }

    /** Count, min, mean, max exactly; percentiles from the histogram. */
    static final class FieldSummary {
        private DoubleHistogram histogram;
        long count;
        long negative;
        long outOfRange;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;

        void record(double value) {
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
                // Int counts: an interval holds fewer than 2^31 of one value; half the memory of long counts.
                histogram = new DoubleHistogram(DIGITS, IntCountsHistogram.class);
            }
            try {
                histogram.recordValue(value);
            } catch (ArrayIndexOutOfBoundsException e) {
                // Beyond the histogram's dynamic range (about 2^53 between the smallest and largest value).
                outOfRange++;
            }
        }

        double percentile(double p) {
            return histogram == null || histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(p);
        }

        BsonDocument toDocument() {
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

    /** Counts per distinct value, up to a cap; past it, new values are counted in {@link #other}. */
    static final class TopValues {
        private final Map<BsonValue, long[]> counts = new HashMap<>();
        long other;

        void count(BsonValue value, int maxValues) {
            long[] n = counts.get(value);
            if (n != null) {
                n[0]++;
            } else if (counts.size() < maxValues) {
                counts.put(value, new long[] {1});
            } else {
                other++;
            }
        }

        BsonArray toArray(int topN) {
            List<Map.Entry<BsonValue, long[]>> entries = new ArrayList<>(counts.entrySet());
            entries.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
            BsonArray array = new BsonArray();
            for (int i = 0; i < Math.min(topN, entries.size()); i++) {
                array.add(new BsonArray(List.of(entries.get(i).getKey(), new BsonInt64(entries.get(i).getValue()[0]))));
            }
            return array;
        }
    }

    public static final class Factory implements ProcessorFactory {
        @Override
        public String name() {
            return "summary";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            Schedule schedule = schedule(options, context);
            FieldPath[] fields = paths(options, "fields");
            FieldPath[] tops = paths(options, "top");
            int topN = options.intValue("top-n", 10);
            if (topN < 1 || topN > 1000) {
                throw options.invalid("top-n", "must be from 1 to 1000");
            }
            int maxTypes = options.intValue("max-types", 1000);
            if (maxTypes < 1) {
                throw options.invalid("max-types", "must be at least 1");
            }
            int maxValues = options.intValue("max-values", 10_000);
            if (maxValues < 1) {
                throw options.invalid("max-values", "must be at least 1");
            }
            return new SummaryProcessor(schedule, fields, tops, topN, maxTypes, maxValues, context.host(), context.clock());
        }

        /**
         * {@code interval=5m} (default 1m): a summary every interval; or {@code at=HH:MM[:SS]}: one a day at
         * that time of the daemon's --timezone, covering the day since the last.
         */
        private static Schedule schedule(ProcessorOptions options, ProcessorContext context) {
            if (options.has("at")) {
                if (options.has("interval")) {
                    throw options.invalid("at", "give interval or at, not both");
                }
                String at = options.string("at");
                try {
                    return Schedule.at(LocalTime.parse(at), context.zone());
                } catch (DateTimeParseException e) {
                    throw options.invalid("at", "'" + at + "' is not a time of day HH:MM or HH:MM:SS");
                }
            }
            Duration interval = options.duration("interval", Duration.ofMinutes(1));
            if (interval.compareTo(Schedule.MIN_INTERVAL) < 0 || interval.compareTo(Schedule.MAX_INTERVAL) > 0) {
                throw options.invalid("interval", "must be from 1s to 366d");
            }
            return Schedule.every(interval);
        }

        private static FieldPath[] paths(ProcessorOptions options, String key) {
            List<String> names = options.list(key, List.of());
            FieldPath[] paths = new FieldPath[names.size()];
            for (int i = 0; i < paths.length; i++) {
                try {
                    paths[i] = FieldPath.of(names.get(i));
                } catch (IllegalArgumentException e) {
                    throw options.invalid(key, e.getMessage());
                }
            }
            return paths;
        }
    }
}
