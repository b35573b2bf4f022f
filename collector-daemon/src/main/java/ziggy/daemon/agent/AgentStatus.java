package ziggy.daemon.agent;

import java.util.Locale;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;

import ziggy.daemon.stats.IntakeStats;
import ziggy.forward.ForwarderStatus;
import ziggy.forward.Forwarder;
import ziggy.protocol.control.StatusKeys;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.QueueStats;

/** STATUS's {@code role}, {@code queue} and {@code forward} for an agent (keys: {@link StatusKeys}). */
public final class AgentStatus {
    private final DiskQueue queue;
    private final Forwarder forwarder;
    private final IntakeStats stats;

    public AgentStatus(DiskQueue queue, Forwarder forwarder, IntakeStats stats) {
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
                        .append(StatusKeys.QUEUE_BYTES, new BsonInt64(q.bytes()))
                        .append(StatusKeys.QUEUE_EVENTS, new BsonInt64(q.events()))
                        .append(StatusKeys.QUEUE_OLDEST_AGE, new BsonDouble(q.oldestUnackedMillis() / 1000.0))
                        .append(StatusKeys.QUEUE_SEGMENTS, new BsonInt32(q.segments()))
                        .append(StatusKeys.QUEUE_DROPPED, new BsonInt64(q.dropped()))
                        .append(StatusKeys.QUEUE_CORRUPT, new BsonInt64(q.corrupt()))
                        .append(StatusKeys.QUEUE_REJECTED, new BsonInt64(q.rejected()))
                        .append(StatusKeys.QUEUE_NEXT_SEQ, new BsonInt64(q.nextSeq()))
                        .append(StatusKeys.QUEUE_WRITTEN_SEQ, new BsonInt64(q.writtenSeq()))
                        .append(StatusKeys.QUEUE_SYNCED_SEQ, new BsonInt64(q.syncedSeq()))
                        .append(StatusKeys.QUEUE_ACKNOWLEDGED_SEQ, new BsonInt64(q.acknowledgedSeq()))
                        .append(StatusKeys.QUEUE_FSYNCS, new BsonInt64(q.fsyncs()))
                        .append(StatusKeys.QUEUE_FSYNC_SECONDS, new BsonDouble(q.fsyncNanos() / 1e9)))
                .append(StatusKeys.FORWARD, new BsonDocument()
                        .append(StatusKeys.FORWARD_UPSTREAM, new BsonString(f.upstream()))
                        .append(StatusKeys.FORWARD_CONNECTED, BsonBoolean.valueOf(f.connected()))
                        .append(StatusKeys.FORWARD_MODE, new BsonString(f.mode().name().toLowerCase(Locale.ROOT)))
                        .append(StatusKeys.FORWARD_SOURCE, new BsonString(queue.sourceId()))
                        .append(StatusKeys.FORWARD_SENT_SEQ, new BsonInt64(f.sentSeq()))
                        .append(StatusKeys.FORWARD_ACKNOWLEDGED_SEQ, new BsonInt64(f.acknowledgedSeq()))
                        .append(StatusKeys.FORWARD_BATCHES, new BsonInt64(f.batches()))
                        .append(StatusKeys.FORWARD_RESENDS, new BsonInt64(f.resends()))
                        .append(StatusKeys.FORWARD_FAILOVERS, new BsonInt64(f.failovers()))
                        .append(StatusKeys.FORWARD_IN_FLIGHT, new BsonInt64(f.inFlight()))
                        .append(StatusKeys.FORWARD_ERRORS, new BsonInt64(f.errors()))
                        .append(StatusKeys.FORWARD_TOO_LARGE, new BsonInt64(f.tooLarge()))
                        .append(StatusKeys.FORWARD_REFUSED, new BsonString(f.refused())));
    }
}
