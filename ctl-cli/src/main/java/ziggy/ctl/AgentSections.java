package ziggy.ctl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The {@code queue} and {@code forward} sections of an agent's or a relay's STATUS reply (the keys
 * collector-daemon's {@code AgentStatus} writes; see {@code StatusKeys}), as rows of a name and a
 * value. The rows answer what an operator asks first: how much is held and for how long, whether
 * anything was lost, whether the upstream is reachable and how far behind it is. A key a row
 * needs may be missing (another version of the daemon): that row says {@code ?} or is left out,
 * and keys no row knows are appended under their own name, so nothing the daemon says is hidden.
 */
final class AgentSections {
    private static final String EVENTS = "events";
    private static final String BYTES = "bytes";
    private static final String SEGMENTS = "segments";
    private static final String OLDEST_AGE = "oldest_age";
    private static final String DROPPED = "dropped";
    private static final String CORRUPT = "corrupt";
    private static final String REJECTED = "rejected";
    private static final String NEXT_SEQ = "next_seq";
    private static final String WRITTEN_SEQ = "written_seq";
    private static final String SYNCED_SEQ = "synced_seq";
    private static final String ACKNOWLEDGED_SEQ = "acknowledged_seq";
    private static final String UPSTREAM = "upstream";
    private static final String CONNECTED = "connected";
    private static final String MODE = "mode";
    private static final String SOURCE = "source";
    private static final String SENT_SEQ = "sent_seq";
    private static final String BATCHES = "batches";
    private static final String RESENDS = "resends";
    private static final String FAILOVERS = "failovers";

    private AgentSections() {
    }

    /** What the disk queue holds and what it lost. */
    static List<String[]> queue(BsonDocument queue) {
        Rows rows = new Rows(queue);
        if (rows.hasAny(EVENTS, BYTES, SEGMENTS)) {
            rows.add("held", Figures.count(queue.get(EVENTS), "event", "events") + ", " + Figures.bytes(queue.get(BYTES))
                    + " in " + Figures.count(queue.get(SEGMENTS), "segment", "segments"));
        }
        Double oldest = Figures.number(queue, OLDEST_AGE);
        if (rows.hasAny(OLDEST_AGE)) {
            Long events = Figures.whole(queue, EVENTS);
            // The daemon reports 0 when every event is acknowledged; an empty queue has no oldest either.
            rows.add("oldest", oldest == null ? "?"
                    : oldest <= 0 || (events != null && events == 0) ? "none: every event is acknowledged"
                    : "appended " + Figures.duration(oldest) + " ago, not yet acknowledged");
        }
        if (rows.hasAny(DROPPED, CORRUPT, REJECTED)) {
            rows.add("lost", Figures.count(queue.get(DROPPED)) + " dropped, " + Figures.count(queue.get(CORRUPT)) + " corrupt, "
                    + Figures.count(queue.get(REJECTED)) + " rejected");
        }
        rows.addSeqs("seq", NEXT_SEQ, "next", WRITTEN_SEQ, "written", SYNCED_SEQ, "synced", ACKNOWLEDGED_SEQ, "acknowledged");
        return rows.withTheRest();
    }

    /**
     * Where the forwarder sends and how far the upstream has acknowledged. "Behind" is what the
     * queue has taken and the upstream does not yet hold: {@code next_seq - 1 - acknowledged_seq},
     * shown only when {@code queue} (which may be null) has {@code next_seq}.
     */
    static List<String[]> forward(BsonDocument forward, BsonDocument queue) {
        Rows rows = new Rows(forward);
        if (rows.hasAny(UPSTREAM, CONNECTED, MODE)) {
            BsonValue connected = forward.get(CONNECTED);
            String state = connected == null || !connected.isBoolean() ? "?"
                    : connected.asBoolean().getValue() ? "connected" : "not connected";
            BsonValue mode = forward.get(MODE);
            String modeText = mode == null ? "" : ", " + Figures.scalar(mode).replace('_', ' ');
            rows.add("upstream", text(forward.get(UPSTREAM)) + ": " + state + modeText);
        }
        if (rows.hasAny(SENT_SEQ, BATCHES)) {
            rows.add("sent", "seq " + Figures.count(forward.get(SENT_SEQ)) + " in " + Figures.count(forward.get(BATCHES), "batch", "batches"));
        }
        Long acknowledged = Figures.whole(forward, ACKNOWLEDGED_SEQ);
        if (rows.hasAny(ACKNOWLEDGED_SEQ)) {
            Long next = queue == null ? null : Figures.whole(queue, NEXT_SEQ);
            rows.add("acknowledged", "seq " + Figures.count(forward.get(ACKNOWLEDGED_SEQ)) + behind(next, acknowledged));
        }
        if (rows.hasAny(RESENDS)) {
            rows.add("resends", Figures.count(forward.get(RESENDS)));
        }
        if (rows.hasAny(FAILOVERS)) {
            rows.add("failovers", Figures.count(forward.get(FAILOVERS)));
        }
        if (rows.hasAny(SOURCE)) {
            rows.add("source", text(forward.get(SOURCE)));
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
