package ziggy.processors.builtin;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonString;
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
import ziggy.processors.summary.TypeSummaries;
import ziggy.processors.summary.TypeSummary;

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
 * <p>The figures are {@link TypeSummaries}', which {@code ziggyview --summary} shares: percentiles
 * from an HdrHistogram with three significant digits, so each is within 0.1 % of a value recorded at
 * that rank; negative values count in min, mean and max but not in the percentiles, and are counted
 * as {@code negative}.
 *
 * <p>Memory is bounded: at most {@code max-types} (1000) types an interval, the rest counted in each
 * summary's {@code other_types}; at most {@code max-values} (10,000) distinct values a top path, the
 * rest counted in {@code top_other}. A {@code ziggy.summary} event is never summarised itself.
 */
public final class SummaryProcessor implements EventProcessor, TimerProcessor {
    static final String SUMMARY_TYPE = "ziggy.summary";

    private final Schedule schedule;
    private final TypeSummaries types;
    private final int topN;
    private final String host;
    private Instant from;

    private SummaryProcessor(Schedule schedule, List<FieldPath> fields, List<FieldPath> tops, int topN, int maxTypes, int maxValues,
            String host, Clock clock) {
        this.schedule = schedule;
        this.types = new TypeSummaries(fields, tops, maxTypes, maxValues);
        this.topN = topN;
        this.host = host;
        this.from = clock.instant();
    }

    @Override
    public Decision process(Event event, Emitter emitter) {
        if (!SUMMARY_TYPE.equals(event.type())) {
            types.record(event);
        }
        return Decision.KEEP;
    }

    @Override
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public void fire(Instant now, Emitter emitter) {
        Instant to = now;
        List<BsonDocument> summaries = new ArrayList<>(types.types().size());
        types.types().forEach((type, summary) -> summaries.add(summaryEvent(type, summary, from, to)));
        types.clear();
        from = to;
        for (BsonDocument summary : summaries) {
            emitter.emit(summary);
        }
    }

    private BsonDocument summaryEvent(String type, TypeSummary summary, Instant from, Instant to) {
        double fromSeconds = seconds(from);
        double toSeconds = seconds(to);
        BsonDocument body = new BsonDocument("type", new BsonString(type))
                .append("from", new BsonDouble(fromSeconds))
                .append("to", new BsonDouble(toSeconds));
        summary.appendFigures(body, toSeconds - fromSeconds, topN);
        if (types.otherTypes() > 0) {
            body.append("other_types", new BsonInt64(types.otherTypes()));
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

    public static final class Factory implements ProcessorFactory {
        @Override
        public String name() {
            return "summary";
        }

        @Override
        public Processor create(ProcessorOptions options, ProcessorContext context) {
            Schedule schedule = schedule(options, context);
            List<FieldPath> fields = paths(options, "fields");
            List<FieldPath> tops = paths(options, "top");
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

        private static List<FieldPath> paths(ProcessorOptions options, String key) {
            List<FieldPath> paths = new ArrayList<>();
            for (String name : options.list(key, List.of())) {
                try {
                    paths.add(FieldPath.of(name));
                } catch (IllegalArgumentException e) {
                    throw options.invalid(key, e.getMessage());
                }
            }
            return paths;
        }
    }
}
