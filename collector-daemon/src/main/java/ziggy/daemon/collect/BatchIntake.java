package ziggy.daemon.collect;

import java.nio.ByteBuffer;

import ziggy.daemon.stats.IntakeStats;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.event.RejectReason;
import ziggy.storage.custody.CommitCycle;
import ziggy.storage.custody.SourceMarks;

/**
 * A forwarder's batch: two frames, a {@link BatchHeader} (source, first seq, count) and its events end to
 * end. Each event whose seq its source has not sent before is taken as a single one
 * ({@link SingleEventIntake}) and marked taken in the {@link SourceMarks}, which acknowledge it once the
 * store holds it durably ({@link CommitCycle}); a resend of what was taken is counted and dropped. Before
 * the first batch event after a commit, the store notes durably that batch events may follow; when it
 * cannot, or when the source's earlier events were declined and have not come again, the batch is refused
 * whole and its source sends it again.
 *
 * <p>Collect thread only.
 *
 * @param <T> what the store keeps per type
 */
final class BatchIntake<T> {
    private final SingleEventIntake<T> events;
    private final SourceMarks marks;
    private final CommitCycle commits;
    private final IntakeStats stats;
    private final Rejections rejections;

    BatchIntake(SingleEventIntake<T> events, SourceMarks marks, CommitCycle commits, IntakeStats stats,
                Rejections rejections) {
        this.events = events;
        this.marks = marks;
        this.commits = commits;
        this.stats = stats;
        this.rejections = rejections;
        stats.sources.set(marks.size());
    }

    /**
     * Takes a multipart message; anything but two frames, a header and the events, is rejected.
     * {@code peer}: the address of the connection's peer, which a new source counts against; {@code curveClientKey}:
     * the Z85 key its connection proved, null without CURVE; the marks may go by it
     * ({@link SourceMarks#source(String, String, String)}).
     */
    void take(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount, String peer, String curveClientKey,
              long nanoTime) {
        if (frameCount != 2) {
            long total = 0;
            for (int i = 0; i < frameCount; i++) {
                total += lengths[i];
            }
            rejections.message(RejectReason.BAD_MULTIPART, total);
            return;
        }
        BatchHeader header;
        try {
            byte[] headerBytes = new byte[lengths[0]];
            buffer.get(offsets[0], headerBytes);
            header = BatchHeader.decode(headerBytes);
        } catch (IllegalArgumentException e) {
            rejections.batch(lengths[0] + (long) lengths[1], "its header: " + e.getMessage());
            return;
        }
        SourceMarks.Source source = marks.source(peer, curveClientKey, header.source());
        int evicted = marks.takeEvicted();
        if (evicted > 0) {
            stats.sourcesEvicted.add(evicted);
            commits.marksChangedWithoutWrite();
        }
        if (source == null) {
            rejections.message(RejectReason.TOO_MANY_SOURCES, lengths[1]);
            return;
        }
        stats.sources.set(marks.size());
        stats.batches.increment();
        takeEvents(header, source, buffer, offsets[1], lengths[1], nanoTime);
    }

    /**
     * Takes the batch's events in order, each whose seq is past what its source already sent. A batch that
     * does not hold exactly n documents end to end keeps its good events before the damage, and its seqs are
     * marked taken all the same: sending it again would bring the same damage.
     */
    private void takeEvents(BatchHeader header, SourceMarks.Source source, ByteBuffer buffer, int offset, int length,
                            long nanoTime) {
        long first = header.firstSeq();
        if (marks.awaitsResend(source, first, nanoTime)) {
            stats.batchesAwaitingResend.increment();
            return;
        }
        if (!commits.beforeBatchEvents()) {
            marks.declined(source, nanoTime);
            return;
        }
        if (first > source.taken() + 1) {
            stats.skippedSeqs.add(first - source.taken() - 1);
        }
        int position = offset;
        int end = offset + length;
        long lastPosition = -1;
        for (int i = 0; i < header.count(); i++) {
            long seq = first + i;
            int remaining = end - position;
            int eventLength = remaining >= 4 ? littleEndianInt(buffer, position) : -1;
            if (eventLength < 5 || eventLength > remaining) {
                rejections.batch(remaining, "event " + i + " of " + header.count() + " from " + header.source()
                        + " does not fit in the events frame");
                markTaken(source, first + header.count() - 1, lastPosition);
                return;
            }
            if (seq <= source.taken()) {
                stats.duplicateEvents.increment();
            } else {
                long stored = events.take(buffer, position, eventLength, nanoTime);
                if (stored == SingleEventIntake.NOT_STORED) {
                    // Not marked: the source sends it again once this store can take it.
                    marks.declined(source, nanoTime);
                    return;
                }
                stats.batchEvents.increment();
                // Per event, not per batch: a relay's queue may be durable part way into a batch, and the
                // marks it persists must cover every seq its readers may then see.
                markTaken(source, seq, stored >= 0 ? stored : lastPosition);
                if (stored >= 0) {
                    lastPosition = stored;
                }
            }
            position += eventLength;
        }
        if (position != end) {
            rejections.batch(end - position, (end - position) + " bytes after the " + header.count()
                    + " events of a batch from " + header.source());
        }
    }

    /** BSON's int32, read without touching the shared buffer's byte order. */
    private static int littleEndianInt(ByteBuffer buffer, int at) {
        return (buffer.get(at) & 0xFF) | (buffer.get(at + 1) & 0xFF) << 8 | (buffer.get(at + 2) & 0xFF) << 16
                | (buffer.get(at + 3) & 0xFF) << 24;
    }

    private void markTaken(SourceMarks.Source source, long seq, long storePosition) {
        if (seq > source.taken()) {
            // A rejected event with nothing stored before it in this batch is durable at once (position 0).
            marks.taken(source, seq, Math.max(0, storePosition));
        }
    }
}
