package ziggy.daemon.collect;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

import ziggy.daemon.stats.IntakeStats;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.custody.CommitCycle;
import ziggy.storage.custody.SourceMarks;

/**
 * Takes the records the Kafka consumer read ({@link ConsumedRecord}) on the collect thread: each event through
 * the same path as a forwarder's batch event ({@link SingleEventIntake}, so the day files are written byte for
 * byte as over ZMTP), a resend of an agent's event dropped by its {@code (ziggy-src, ziggy-seq)} mark, and the
 * partition's offset marked consumed in the {@link SourceMarks}, which the {@link CommitCycle} journals with the
 * files' lengths. A record past the offset already taken was read twice by the consumer and is dropped; one the
 * store cannot take is declined and read again ({@link ConsumedPartitions}).
 *
 * <p>Collect thread only.
 *
 * @param <T> what the store keeps per type
 */
final class ConsumedRecordIntake<T> {
    private static final Logger LOG = System.getLogger(EventIntake.class.getName());

    private final SingleEventIntake<T> events;
    private final SourceMarks marks;
    private final CommitCycle commits;
    private final IntakeStats stats;
    private final Rejections rejections;
    private final ConsumedPartitions partitions;
    private final RateLimitedLog log = new RateLimitedLog(LOG);
    /** The store position of the last event this intake stored: every record taken so far is in the store through it. */
    private long lastPosition;

    ConsumedRecordIntake(SingleEventIntake<T> events, SourceMarks marks, CommitCycle commits, IntakeStats stats,
                         Rejections rejections, ConsumedPartitions partitions) {
        this.events = events;
        this.marks = marks;
        this.commits = commits;
        this.stats = stats;
        this.rejections = rejections;
        this.partitions = partitions;
    }

    void take(ConsumedRecord record, long nanoTime) {
        if (!partitions.takes(record)) {
            partitions.superseded.increment();
            return;
        }
        SourceMarks.Source offsets = marks.source(ConsumedPartitions.offsetMark(record.partition()));
        if (offsets == null) {
            log.log(Level.ERROR, "sources", "cannot keep the offset of " + record.partition() + ": the daemon already tracks "
                    + EventIntake.MAX_SOURCES + " sources; the partition waits");
            partitions.decline(record);
            return;
        }
        if (record.offset() < offsets.taken()) {
            return; // read again after a seek to where it was declined: taken already
        }
        partitions.records.increment();
        if (record.refusal() != null) {
            rejections.message(record.refusal(), record.bytes());
            consumed(offsets, record);
            return;
        }
        SourceMarks.Source source = record.source() == null ? null
                : marks.source(ConsumedPartitions.sourceMark(record.source(), record.partition()));
        if (source == null && record.source() != null) {
            log.log(Level.WARNING, "unchecked", "the daemon already tracks " + EventIntake.MAX_SOURCES
                    + " sources: events of new agents in Kafka are written without a resend check");
        }
        if (source != null && record.seq() <= source.taken()) {
            stats.duplicateEvents.increment();
            consumed(offsets, record);
            return;
        }
        if (!commits.beforeBatchEvents()) {
            partitions.decline(record);
            return;
        }
        long stored = events.take(ByteBuffer.wrap(record.value()), 0, record.value().length, nanoTime);
        if (stored == SingleEventIntake.NOT_STORED) {
            partitions.decline(record);
            return;
        }
        if (stored >= 0) {
            lastPosition = stored;
        } else {
            commits.marksChangedWithoutWrite(); // rejected by the scanner, or dropped by a processor
        }
        stats.batchEvents.increment();
        if (source != null) {
            marks.taken(source, record.seq(), lastPosition);
        }
        marks.taken(offsets, record.offset() + 1, lastPosition);
    }

    /**
     * A record taken without a write (refused, or a resend): its offset is consumed once the store holds
     * everything taken before it durably, which may already be the case, so the next loop turn commits.
     */
    private void consumed(SourceMarks.Source offsets, ConsumedRecord record) {
        marks.taken(offsets, record.offset() + 1, lastPosition);
        commits.marksChangedWithoutWrite();
    }

}
