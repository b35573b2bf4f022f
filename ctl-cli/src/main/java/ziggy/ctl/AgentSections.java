package ziggy.ctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import ziggy.protocol.control.StatusKeys;

/**
 * The {@code queue} and {@code forward} sections of an agent's or a relay's STATUS reply (the keys
 * collector-daemon's {@code AgentStatus} writes; see {@code StatusKeys}), and the {@code kafka} section of a
 * master consuming from Kafka, as rows of a name and a value. The rows answer what an operator asks first: how much is held and for how long, whether
 * anything was lost, whether the upstream is reachable and how far behind it is. A key a row
 * needs may be missing (another version of the daemon): that row says {@code ?} or is left out,
 * and keys no row knows are appended under their own name, so nothing the daemon says is hidden.
 */
final class AgentSections {

    private AgentSections() {
    }

    /** What the disk queue holds and what it lost. */
    static List<String[]> queue(BsonDocument queue) {
        Rows rows = new Rows(queue);
        if (rows.hasAny(StatusKeys.QUEUE_EVENTS, StatusKeys.QUEUE_BYTES, StatusKeys.QUEUE_SEGMENTS)) {
            rows.add("held", Figures.count(queue.get(StatusKeys.QUEUE_EVENTS), "event", "events") + ", "
                    + Figures.bytes(queue.get(StatusKeys.QUEUE_BYTES))
                    + " in " + Figures.count(queue.get(StatusKeys.QUEUE_SEGMENTS), "segment", "segments"));
        }
        Double oldest = Figures.number(queue, StatusKeys.QUEUE_OLDEST_AGE);
        if (rows.hasAny(StatusKeys.QUEUE_OLDEST_AGE)) {
            Long events = Figures.whole(queue, StatusKeys.QUEUE_EVENTS);
            // The daemon reports 0 when every event is acknowledged; an empty queue has no oldest either.
            rows.add("oldest", oldest == null ? "?"
                    : oldest <= 0 || (events != null && events == 0) ? "none: every event is acknowledged"
                    : "appended " + Figures.duration(oldest) + " ago, not yet acknowledged");
        }
        if (rows.hasAny(StatusKeys.QUEUE_DROPPED, StatusKeys.QUEUE_CORRUPT, StatusKeys.QUEUE_REJECTED)) {
            rows.add("lost", Figures.count(queue.get(StatusKeys.QUEUE_DROPPED)) + " dropped, "
                    + Figures.count(queue.get(StatusKeys.QUEUE_CORRUPT)) + " corrupt, "
                    + Figures.count(queue.get(StatusKeys.QUEUE_REJECTED)) + " rejected");
        }
        Long fsyncs = Figures.whole(queue, StatusKeys.QUEUE_FSYNCS);
        Double fsyncSeconds = Figures.number(queue, StatusKeys.QUEUE_FSYNC_SECONDS);
        if (rows.hasAny(StatusKeys.QUEUE_FSYNCS, StatusKeys.QUEUE_FSYNC_SECONDS)) {
            // The mean fsync is what an event waits for beyond the interval before it can be forwarded.
            rows.add("fsync", fsyncs == null || fsyncSeconds == null ? "?"
                    : fsyncs == 0 ? "none yet"
                    : Figures.count(fsyncs) + (fsyncs == 1 ? " fsync, " : " fsyncs, ")
                    + String.format(Locale.ROOT, "%.1f ms", 1000 * fsyncSeconds / fsyncs) + " on average");
        }
        rows.addSeqs("seq", StatusKeys.QUEUE_NEXT_SEQ, "next", StatusKeys.QUEUE_WRITTEN_SEQ, "written",
                StatusKeys.QUEUE_SYNCED_SEQ, "synced", StatusKeys.QUEUE_ACKNOWLEDGED_SEQ, "acknowledged");
        return rows.withTheRest();
    }

    /**
     * Where the forwarder sends and how far the upstream has acknowledged. "Behind" is what the
     * queue has taken and the upstream does not yet hold: {@code next_seq - 1 - acknowledged_seq},
     * shown only when {@code queue} (which may be null) has {@code next_seq}.
     */
    static List<String[]> forward(BsonDocument forward, BsonDocument queue) {
        Rows rows = new Rows(forward);
        if (rows.hasAny(StatusKeys.FORWARD_UPSTREAM, StatusKeys.FORWARD_CONNECTED, StatusKeys.FORWARD_MODE)) {
            BsonValue connected = forward.get(StatusKeys.FORWARD_CONNECTED);
            String state = connected == null || !connected.isBoolean() ? "?"
                    : connected.asBoolean().getValue() ? "connected" : "not connected";
            BsonValue mode = forward.get(StatusKeys.FORWARD_MODE);
            String modeText = mode == null ? "" : ", " + Figures.scalar(mode).replace('_', ' ');
            rows.add("upstream", text(forward.get(StatusKeys.FORWARD_UPSTREAM)) + ": " + state + modeText);
        }
        if (rows.hasAny(StatusKeys.FORWARD_REFUSED) && !text(forward.get(StatusKeys.FORWARD_REFUSED)).isEmpty()) {
            rows.add("refused", "the upstream refuses this agent's batches: " + text(forward.get(StatusKeys.FORWARD_REFUSED)));
        }
        if (rows.hasAny(StatusKeys.FORWARD_SENT_SEQ, StatusKeys.FORWARD_BATCHES)) {
            // A Kafka forwarder counts records (one an event) where the ZMTP one counts batches.
            BsonValue mode = forward.get(StatusKeys.FORWARD_MODE);
            boolean kafka = mode != null && mode.isString() && mode.asString().getValue().equals("kafka");
            rows.add("sent", "seq " + Figures.count(forward.get(StatusKeys.FORWARD_SENT_SEQ)) + " in "
                    + (kafka ? Figures.count(forward.get(StatusKeys.FORWARD_BATCHES), "record", "records")
                            : Figures.count(forward.get(StatusKeys.FORWARD_BATCHES), "batch", "batches")));
        }
        if (rows.hasAny(StatusKeys.FORWARD_IN_FLIGHT)) {
            rows.add("in flight", Figures.count(forward.get(StatusKeys.FORWARD_IN_FLIGHT)));
        }
        Long acknowledged = Figures.whole(forward, StatusKeys.FORWARD_ACKNOWLEDGED_SEQ);
        if (rows.hasAny(StatusKeys.FORWARD_ACKNOWLEDGED_SEQ)) {
            Long next = queue == null ? null : Figures.whole(queue, StatusKeys.QUEUE_NEXT_SEQ);
            rows.add("acknowledged", "seq " + Figures.count(forward.get(StatusKeys.FORWARD_ACKNOWLEDGED_SEQ)) + behind(next, acknowledged));
        }
        if (rows.hasAny(StatusKeys.FORWARD_RESENDS)) {
            rows.add("resends", Figures.count(forward.get(StatusKeys.FORWARD_RESENDS)));
        }
        if (rows.hasAny(StatusKeys.FORWARD_FAILOVERS)) {
            rows.add("failovers", Figures.count(forward.get(StatusKeys.FORWARD_FAILOVERS)));
        }
        if (rows.hasAny(StatusKeys.FORWARD_ERRORS)) {
            rows.add("errors", Figures.count(forward.get(StatusKeys.FORWARD_ERRORS)));
        }
        if (rows.hasAny(StatusKeys.FORWARD_TOO_LARGE)) {
            rows.add("too large", Figures.count(forward.get(StatusKeys.FORWARD_TOO_LARGE)) + " set aside");
        }
        if (rows.hasAny(StatusKeys.FORWARD_SOURCE)) {
            rows.add("source", text(forward.get(StatusKeys.FORWARD_SOURCE)));
        }
        return rows.withTheRest();
    }

    /**
     * A master consuming from Kafka ({@code kafka}): whether it is in its group, then one row per partition it
     * owns with where its day files stand ({@code next_offset}), what it has read, and the partition's lag.
     */
    static List<String[]> kafka(BsonDocument kafka) {
        Rows rows = new Rows(kafka);
        if (rows.hasAny(StatusKeys.KAFKA_UPSTREAM, StatusKeys.KAFKA_GROUP, StatusKeys.KAFKA_CONNECTED)) {
            BsonValue connected = kafka.get(StatusKeys.KAFKA_CONNECTED);
            String state = connected == null || !connected.isBoolean() ? "?"
                    : connected.asBoolean().getValue() ? "in group" : "NOT in group";
            rows.add("topic", text(kafka.get(StatusKeys.KAFKA_UPSTREAM)) + ": " + state + " " + text(kafka.get(StatusKeys.KAFKA_GROUP)));
        }
        BsonValue partitions = kafka.get(StatusKeys.KAFKA_PARTITIONS);
        if (rows.hasAny(StatusKeys.KAFKA_PARTITIONS) && partitions.isArray()) {
            if (partitions.asArray().isEmpty()) {
                rows.add("partitions", "none (the group has given this master none)");
            }
            for (BsonValue entry : partitions.asArray()) {
                if (entry.isDocument()) {
                    BsonDocument partition = entry.asDocument();
                    Long lag = Figures.whole(partition, StatusKeys.KAFKA_LAG);
                    rows.add(text(partition.get(StatusKeys.KAFKA_PARTITION)),
                            "written to " + Figures.count(partition.get(StatusKeys.KAFKA_NEXT_OFFSET))
                            + ", read to " + Figures.count(partition.get(StatusKeys.KAFKA_READ_OFFSET))
                            + ", lag " + (lag == null || lag < 0 ? "not known yet" : Figures.count(lag)));
                }
            }
        }
        if (rows.hasAny(StatusKeys.KAFKA_RECORDS, StatusKeys.KAFKA_SUPERSEDED, StatusKeys.KAFKA_DECLINED)) {
            rows.add("records", Figures.count(kafka.get(StatusKeys.KAFKA_RECORDS)) + " taken, "
                    + Figures.count(kafka.get(StatusKeys.KAFKA_SUPERSEDED)) + " read again, "
                    + Figures.count(kafka.get(StatusKeys.KAFKA_DECLINED)) + " declined");
        }
        if (rows.hasAny(StatusKeys.KAFKA_REBALANCES)) {
            rows.add("rebalances", Figures.count(kafka.get(StatusKeys.KAFKA_REBALANCES)));
        }
        if (rows.hasAny(StatusKeys.KAFKA_ERRORS, StatusKeys.KAFKA_LAST_ERROR)) {
            BsonValue last = kafka.get(StatusKeys.KAFKA_LAST_ERROR);
            String lastText = last == null || !last.isString() || last.asString().getValue().isEmpty() ? ""
                    : " (last: " + last.asString().getValue() + ")";
            rows.add("errors", Figures.count(kafka.get(StatusKeys.KAFKA_ERRORS)) + lastText);
        }
        return rows.withTheRest();
    }

    private static String behind(Long next, Long acknowledged) {
        if (next == null || acknowledged == null) {
            return "";
        }
        long behind = next - 1 - acknowledged;
        return behind <= 0 ? ", caught up" : ", " + Figures.count(behind) + " behind";
    }

    private static String text(BsonValue value) {
        return value == null ? "?" : Figures.scalar(value);
    }

    /** The rows of one section, and which of its keys they have shown. */
    private static final class Rows {
        private final BsonDocument section;
        private final Set<String> shown = new HashSet<>();
        private final List<String[]> rows = new ArrayList<>();

        Rows(BsonDocument section) {
            this.section = section;
        }

        /** Whether the section has any of {@code keys}; they count as shown from now on. */
        boolean hasAny(String... keys) {
            boolean any = false;
            for (String key : keys) {
                any |= section.containsKey(key);
                shown.add(key);
            }
            return any;
        }

        void add(String name, String value) {
            rows.add(new String[] {name, value});
        }

        /** One row of the seqs present, each under its label: {@code key, label, key, label, …}. */
        void addSeqs(String name, String... keysAndLabels) {
            StringJoiner seqs = new StringJoiner(", ");
            for (int i = 0; i < keysAndLabels.length; i += 2) {
                if (hasAny(keysAndLabels[i])) {
                    seqs.add(keysAndLabels[i + 1] + " " + Figures.count(section.get(keysAndLabels[i])));
                }
            }
            if (seqs.length() > 0) {
                add(name, seqs.toString());
            }
        }

        List<String[]> withTheRest() {
            for (Map.Entry<String, BsonValue> entry : section.entrySet()) {
                if (!shown.contains(entry.getKey())) {
                    add(entry.getKey().replace('_', ' '), Figures.scalar(entry.getValue()));
                }
            }
            return rows;
        }
    }
}
