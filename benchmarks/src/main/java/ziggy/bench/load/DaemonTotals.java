package ziggy.bench.load;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import ziggy.protocol.control.StatusKeys;

/**
 * The counters of one STATUS reply that a benchmark judges a run by; {@code lastReceive} is the daemon's
 * own clock when it took the newest of {@code events} (STATUS {@code last}, seconds), NaN before any.
 */
record DaemonTotals(long events, long bytes, long rejected, long lostEvents, long streamDropped, int subscriptions,
                    double lastReceive) {

    static DaemonTotals of(BsonDocument status) {
        BsonDocument total = status.getDocument(StatusKeys.TOTAL);
        long rejected = 0;
        for (BsonValue count : status.getDocument(StatusKeys.REJECTED, new BsonDocument()).values()) {
            rejected += count.asNumber().longValue();
        }
        BsonDocument files = status.getDocument(StatusKeys.FILES, new BsonDocument());
        BsonDocument stream = status.getDocument(StatusKeys.STREAM, new BsonDocument());
        return new DaemonTotals(
                total.getNumber(StatusKeys.TOTAL_EVENTS).longValue(),
                total.getNumber(StatusKeys.TOTAL_BYTES).longValue(),
                rejected,
                number(files, StatusKeys.FILES_LOST_EVENTS),
                number(stream, StatusKeys.STREAM_DROPPED),
                (int) number(stream, StatusKeys.STREAM_SUBSCRIPTIONS),
                status.isNumber(StatusKeys.LAST) ? status.getNumber(StatusKeys.LAST).doubleValue() : Double.NaN);
    }

    private static long number(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isNumber() ? value.asNumber().longValue() : 0;
    }

    /** What changed between {@code before} and this reply (subscriptions and the last receive as they are now). */
    DaemonTotals since(DaemonTotals before) {
        return new DaemonTotals(events - before.events, bytes - before.bytes, rejected - before.rejected,
                lostEvents - before.lostEvents, streamDropped - before.streamDropped, subscriptions, lastReceive);
    }
}
