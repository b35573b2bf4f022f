package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/**
 * Reads a queue's events in seq order from any seq, independently of appends and of other cursors
 * (the forwarder keeps one and {@link #seek}s it back to acknowledged seq + 1 after a reconnect).
 *
 * <p>{@link #read} copies whole events end to end into the caller's buffer, which is exactly the second
 * frame of a forwarded batch; a batch never spans a gap in seqs, so its events are
 * {@link #batchFirstSeq()} .. {@link #batchFirstSeq()} + n - 1. No object is made per event. A cursor
 * sees only records that are visible (written, or fsynced unless fsync is never) and at or below the
 * queue's {@link DiskQueue#limitReaders read limit}, skips damaged bytes, and moves past segments deleted
 * under it. One thread uses a cursor at a time.
 */
public final class QueueCursor implements AutoCloseable {
    private final DiskQueue queue;
    private final ReaderView readers;
    private long nextSeq;
    private long batchFirstSeq;
    private long lastBase = -1;
    private Segment segment;
    private FileChannel channel;
    private SegmentReader reader;
    /** The read window, handed from each segment's reader to the next. */
    private ByteBuffer window;

    QueueCursor(DiskQueue queue, ReaderView readers, long seq) {
        this.queue = queue;
        this.readers = readers;
        this.nextSeq = Math.max(1, seq);
    }

    /** The seq this cursor reads next (or the first one above it, if that seq is gone). */
    public long nextSeq() {
        return nextSeq;
    }

    /** The seq of the first event of the last non-empty {@link #read}. */
    public long batchFirstSeq() {
        return batchFirstSeq;
    }

    /** Reads from {@code seq} on next time, such as acknowledged seq + 1 after a reconnect. */
    public void seek(long seq) throws IOException {
        closeSegment();
        lastBase = -1;
        nextSeq = Math.max(1, seq);
    }

    /**
     * Copies up to {@code maxEvents} events with consecutive seqs, from {@link #nextSeq()} on, into
     * {@code dst} at its position, advancing the position past them.
     *
     * @return how many events were copied; 0 when no event is visible yet
     * @throws IllegalArgumentException when {@code dst} has no room for even the next event
     * @throws IOException              when a segment cannot be read
     */
    public int read(ByteBuffer dst, int maxEvents) throws IOException {
        try {
            return readBatch(dst, maxEvents);
        } catch (ClosedChannelException e) {
            // An interrupt closed the segment's channel: the next read opens it again.
            closeSegment();
            throw e;
        }
    }

    private int readBatch(ByteBuffer dst, int maxEvents) throws IOException {
        int count = 0;
        long readLimit = readers.readLimit();
        long limit = segment == null ? 0 : readers.refresh(segment).readableEnd();
        while (count < maxEvents) {
            if (segment == null) {
                ReaderView.Located located = readers.locate(nextSeq, lastBase);
                if (located == null || !enter(located.segment())) {
                    if (located == null) {
                        break;
                    }
                    continue;
                }
                limit = located.readableEnd();
            }
            SegmentReader.Step step = reader.next(limit);
            if (step == SegmentReader.Step.RECORD) {
                long seq = reader.seq();
                if (seq < nextSeq) {
                    continue;
                }
                if (seq > readLimit) {
                    // Held back by DiskQueue#limitReaders: read it from here once the limit grows.
                    reader.seek(reader.recordOffset());
                    break;
                }
                int length = reader.payloadLength();
                if ((count > 0 && seq != nextSeq) || length > dst.remaining()) {
                    // Left unread, also when the caller is told its buffer is too small: it reads it next.
                    reader.seek(reader.recordOffset());
                    if (count == 0) {
                        throw new IllegalArgumentException("a buffer of " + dst.remaining()
                                + " bytes cannot hold the event at seq " + seq + " (" + length + " bytes)");
                    }
                    break;
                }
                if (count == 0) {
                    batchFirstSeq = seq;
                }
                dst.put(dst.position(), reader.window(), reader.payloadOffset(), length);
                dst.position(dst.position() + length);
                nextSeq = seq + 1;
                count++;
            } else if (step == SegmentReader.Step.DAMAGED) {
                long knownEnd = segment.damagedRangeEndingFrom(reader.damageStart());
                if (knownEnd >= 0) {
                    reader.seek(Math.max(knownEnd, reader.damageEnd()));
                } else {
                    queue.damageFound(segment, reader.damageStart(), reader.damageEnd());
                }
            } else {
                ReaderView.Located now = readers.refresh(segment);
                if (now.readableEnd() > limit) {
                    limit = now.readableEnd();
                } else if (!now.head()) {
                    lastBase = segment.baseSeq;
                    closeSegment();
                } else {
                    break;
                }
            }
        }
        return count;
    }

    /** Opens {@code next} for reading; false when its file is already gone (acknowledged or dropped). */
    private boolean enter(Segment next) throws IOException {
        try {
            channel = queue.io().open(next.path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            lastBase = next.baseSeq;
            return false;
        }
        segment = next;
        reader = new SegmentReader(channel, SegmentFormat.HEADER_BYTES, window);
        return true;
    }

    private void closeSegment() throws IOException {
        segment = null;
        if (reader != null) {
            window = reader.window();
            reader = null;
        }
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            open.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeSegment();
    }
}
