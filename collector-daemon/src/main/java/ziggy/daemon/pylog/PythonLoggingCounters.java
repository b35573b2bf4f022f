package ziggy.daemon.pylog;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * What the Python logging port took and refused, for STATUS's {@code python_logging} section (and so
 * {@code /metrics}). Kept apart from the intake so that an intake closed and bound elsewhere (a reload) keeps
 * counting from where the last one stopped. Thread-safe.
 */
public final class PythonLoggingCounters {
    public static final String SECTION = "python_logging";

    private final LongAdder received = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder formatFailed = new LongAdder();
    private final AtomicLongArray rejected = new AtomicLongArray(LogRecordEvent.Rejection.values().length);
    private volatile String endpoint = "";

    void bound(String at) {
        endpoint = at;
    }

    void received() {
        received.increment();
    }

    void event(boolean formatFailure) {
        events.increment();
        if (formatFailure) {
            formatFailed.increment();
        }
    }

    void rejected(LogRecordEvent.Rejection reason) {
        rejected.incrementAndGet(reason.ordinal());
    }

    /** Records made into events and handed to the collect path. */
    public long events() {
        return events.sum();
    }

    public long rejected(String wireName) {
        return rejected.get(LogRecordEvent.Rejection.valueOf(wireName.toUpperCase(java.util.Locale.ROOT)).ordinal());
    }

    /**
     * {@code python_logging: {endpoint, received, events, rejected: {reason: n}, rejected_messages, format_failed}}:
     * messages received, records made into events, messages refused by reason and in all, and records whose
     * message kept its {@code msg} because {@code msg % args} failed.
     */
    public void appendTo(BsonDocument status) {
        BsonDocument reasons = new BsonDocument();
        long total = 0;
        for (LogRecordEvent.Rejection reason : LogRecordEvent.Rejection.values()) {
            long count = rejected.get(reason.ordinal());
            total += count;
            reasons.append(reason.wireName(), new BsonInt64(count));
        }
        status.append(SECTION, new BsonDocument()
                .append("endpoint", new BsonString(endpoint))
                .append("received", new BsonInt64(received.sum()))
                .append("events", new BsonInt64(events.sum()))
                .append("rejected_messages", new BsonInt64(total))
                .append("rejected", reasons)
                .append("format_failed", new BsonInt64(formatFailed.sum())));
    }
}
