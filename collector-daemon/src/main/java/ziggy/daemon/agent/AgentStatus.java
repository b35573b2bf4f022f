package ziggy.daemon.agent;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;

import ziggy.daemon.stats.IntakeStats;
import ziggy.forward.ForwarderStatus;
import ziggy.forward.QueueForwarder;
import ziggy.protocol.control.StatusKeys;
import ziggy.queue.DiskQueue;
import ziggy.queue.QueueStats;

/** STATUS's {@code role}, {@code queue} and {@code forward} for an agent (keys: {@link StatusKeys}). */
public final class AgentStatus {
    private final DiskQueue queue;
    private final QueueForwarder forwarder;
    private final IntakeStats stats;

    public AgentStatus(DiskQueue queue, QueueForwarder forwarder, IntakeStats stats) {
        this.queue = queue;
        this.forwarder = forwarder;
        this.stats = stats;
    }

    /** Appends the agent's keys to a STATUS reply; a relay is an agent that has taken batches. */
    public void appendTo(BsonDocument status) {
        QueueStats q = queue.stats();
        ForwarderStatus f = forwarder.status();
        status.append(StatusKeys.ROLE, new BsonString(stats.sources.get() > 0 ? "relay" : "agent"))
                .append(StatusKeys.QUEUE, new BsonDocument()
                        .append("bytes", new BsonInt64(q.bytes()))
                        .append("events", new BsonInt64(q.events()))
                        .append("oldest_age", new BsonDouble(q.oldestUnackedMillis() / 1000.0))
                        .append("segments", new BsonInt32(q.segments()))
                        .append("dropped", new BsonInt64(q.dropped()))
                        .append("corrupt", new BsonInt64(q.corrupt()))
                        .append("rejected", new BsonInt64(q.rejected()))
                        .append("next_seq", new BsonInt64(q.nextSeq()))
                        .append("written_seq", new BsonInt64(q.writtenSeq()))
                        .append("synced_seq", new BsonInt64(q.syncedSeq()))
                        .append("acknowledged_seq", new BsonInt64(q.acknowledgedSeq())))
                .append(StatusKeys.FORWARD, new BsonDocument()
                        .append("upstream", new BsonString(f.upstream()))
                        .append("connected", BsonBoolean.valueOf(f.connected()))
                        .append("mode", new BsonString(f.mode().name().toLowerCase(java.util.Locale.ROOT)))
                        .append("source", new BsonString(queue.sourceId()))
                        .append("sent_seq", new BsonInt64(f.sentSeq()))
                        .append("acknowledged_seq", new BsonInt64(f.acknowledgedSeq()))
                        .append("batches", new BsonInt64(f.batches()))
                        .append("resends", new BsonInt64(f.resends()))
                        .append("failovers", new BsonInt64(f.failovers())));
    }
}
