package ziggy.storage.queue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ziggy.storage.io.FileIo;

/**
 * The queue's segments, oldest first (the last is the head), and the bytes they hold: retention takes
 * segments from the old end, a roll adds at the new end, a relay's cut takes them from the new end.
 * Every change is published to cursors ({@link ReaderView}) before the method returns. Guarded by the
 * {@link DiskQueue}'s lock; the caller deletes the files of the segments it is handed.
 */
final class SegmentList {
    private final List<Segment> segments;
    private final ReaderView readers;
    /** Bytes of all segment files plus records appended and not yet written: what {@code max-bytes} bounds. */
    private long usedBytes;

    SegmentList(List<Segment> recovered, ReaderView readers) {
        this.segments = new ArrayList<>(recovered);
        this.readers = readers;
        for (Segment segment : segments) {
            usedBytes += segment.size;
        }
        publish();
    }

    /** The newest segment, the one appended to; the list is never empty once the queue is open. */
    Segment head() {
        return segments.get(segments.size() - 1);
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    int count() {
        return segments.size();
    }

    /** The segments, oldest first, as they are now (a read-only view). */
    List<Segment> view() {
        return Collections.unmodifiableList(segments);
    }

    long usedBytes() {
        return usedBytes;
    }

    /** A record of {@code bytes} was appended to the head, written or still buffered. */
    void appended(long bytes) {
        usedBytes += bytes;
    }

    /** Adds {@code fresh} as the new head. */
    void add(Segment fresh) {
        segments.add(fresh);
        usedBytes += fresh.size;
        publish();
    }

    /** Takes the oldest segment out, for {@code drop-oldest}; never the head. */
    Segment removeOldest() {
        if (segments.size() < 2) {
            throw new IllegalStateException("the head segment is never dropped");
        }
        Segment oldest = segments.remove(0);
        usedBytes -= oldest.size;
        publish();
        return oldest;
    }

    /** Takes out the oldest segments whose records are all at or below {@code acknowledged}; never the head. */
    List<Segment> removeAcknowledged(long acknowledged) {
        List<Segment> freed = new ArrayList<>();
        while (segments.size() > 1 && segments.get(0).lastSeq <= acknowledged) {
            Segment segment = segments.remove(0);
            usedBytes -= segment.size;
            freed.add(segment);
        }
        if (!freed.isEmpty()) {
            publish();
        }
        return freed;
    }

    /** The events above {@code acknowledged} in all segments, gaps counted as events. */
    long unacknowledged(long acknowledged) {
        long events = 0;
        for (Segment segment : segments) {
            events += segment.unacknowledged(acknowledged);
        }
        return events;
    }

    /**
     * A relay's cut: segments based above {@code seq + 1} are taken out and added to {@code gone} (a
     * reopen takes every segment's name as a lower bound of the next seq, so none of them may stay), and
     * the others are cut back in their files to their records at or below {@code seq}. The list may be
     * left empty; the caller then begins a head at {@code seq + 1}.
     *
     * @return how many events were removed
     */
    long cutAfter(FileIo io, long seq, List<Segment> gone) throws IOException {
        long discarded = 0;
        for (Segment segment : segments) {
            if (segment.baseSeq > seq + 1) {
                gone.add(segment);
                discarded += segment.records;
            } else if (segment.lastSeq > seq) {
                SegmentCut cut = SegmentCut.after(io, segment, seq);
                long before = segment.size;
                discarded += segment.records - cut.keptRecords();
                cut.apply(io, segment);
                usedBytes -= before - segment.size;
            }
        }
        if (!gone.isEmpty()) {
            segments.removeAll(gone);
            for (Segment segment : gone) {
                usedBytes -= segment.size;
            }
            publish();
        }
        return discarded;
    }

    private void publish() {
        readers.publish(segments);
    }
}
