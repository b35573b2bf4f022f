package ziggy.storage.queue;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * What cursors see of the queue, without taking its lock: an immutable copy of the segment list,
 * published after every change to it, each segment's volatile readable end, and the read limit of a
 * relay. A reader polling for news so never makes the collect thread's next append wait for it or wake
 * it; the one reader that asked is unparked when records become visible, once per write or fsync.
 */
final class ReaderView {
    /** Where a cursor reads next: a segment and how far into it records are visible. */
    record Located(Segment segment, long readableEnd, boolean head) {
    }

    private volatile List<Segment> segments = List.of();
    /** Unparked whenever records become visible ({@link #wakeOnVisible}). */
    private volatile Thread visibleWaiter;
    /** Cursors read no record above it ({@link #limit}); no limit until the first call. */
    private volatile long readLimit = Long.MAX_VALUE;
    /** Whether any cursor has read since the queue was opened (a relay's cut must come before). */
    private volatile boolean readSinceOpen;

    /** Publishes {@code current} to cursors; called under the queue's lock after every change to its list. */
    void publish(List<Segment> current) {
        segments = List.copyOf(current);
    }

    /**
     * The first segment after the one based at {@code afterBase} that may hold {@code seq} or anything
     * above it; null when there is none (the cursor has read everything visible).
     */
    Located locate(long seq, long afterBase) {
        if (!readSinceOpen) {
            readSinceOpen = true;
        }
        List<Segment> view = segments;
        for (int i = 0; i < view.size(); i++) {
            Segment segment = view.get(i);
            boolean isHead = i == view.size() - 1;
            // A segment that is no longer the head had its last seq set before the list that shows it so was published.
            if (segment.baseSeq > afterBase && (isHead || segment.lastSeq >= seq)) {
                return new Located(segment, segment.readableEnd, isHead);
            }
        }
        return null;
    }

    /** How far into {@code segment} readers may see now, and whether it is still the head. */
    Located refresh(Segment segment) {
        List<Segment> view = segments;
        // The list before the readable end: a roll sets the old head's final end before it publishes the
        // list that shows a new head, so a reader that sees the new head also sees that end.
        boolean head = !view.isEmpty() && view.get(view.size() - 1) == segment;
        long readableEnd = segment.readableEnd;
        return new Located(segment, readableEnd, head);
    }

    boolean readSinceOpen() {
        return readSinceOpen;
    }

    long readLimit() {
        return readLimit;
    }

    /** See {@link DiskQueue#limitReaders}. */
    void limit(long seq) {
        readLimit = seq;
        recordsVisible();
    }

    /** See {@link DiskQueue#wakeOnVisible}. */
    void wakeOnVisible(Thread reader) {
        visibleWaiter = reader;
    }

    /** Records became visible: wakes the reader that asked. */
    void recordsVisible() {
        Thread waiter = visibleWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }
}
