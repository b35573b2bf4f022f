package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the records of one segment file in order, through a window of the file held in memory, and
 * finds its way past damaged bytes ({@link RecordFormat} says how). Used both by start-up recovery and
 * by {@link QueueCursor}, so that both see the same records and the same damage.
 *
 * <p>{@link #next(long)} reports one of: a good record (its seq, and its payload in {@link #window()} at
 * {@link #payloadOffset()}), a damaged range {@code [damageStart, damageEnd)} after which reading goes on,
 * or the end of the bytes below the limit. A damaged range that reaches the limit means no good record
 * follows it there; at the end of a file that is a torn tail.
 */
final class SegmentReader {
    enum Step { RECORD, DAMAGED, END }

    private static final int INITIAL_WINDOW = 1 << 20;

    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer window;
    /** The file offset of window byte 0; the window holds file bytes [windowStart, windowStart + window.limit()). */
    private long windowStart;
    private long position;

    private long recordOffset;
    private long seq;
    private int payloadLength;
    private long damageStart;
    private long damageEnd;

    SegmentReader(FileChannel channel, long position) {
        this(channel, position, null);
    }

    /**
     * Reads through {@code window} (left as it is found), or a new one when it is null. A reader of
     * segment after segment passes each reader's {@link #window()} on to the next: a direct buffer is
     * freed only when a collection finds it unreachable, and one new megabyte per 64 MiB segment piled up
     * outside the heap (over 100 MiB while an agent drained 5 GB) faster than the collector looked for it.
     */
    SegmentReader(FileChannel channel, long position, ByteBuffer window) {
        this.channel = channel;
        this.position = position;
        this.window = window != null ? window : ByteBuffer.allocateDirect(INITIAL_WINDOW);
        this.window.clear().limit(0);
    }

    /** Where the next record is looked for. */
    long position() {
        return position;
    }

    void seek(long filePosition) {
        position = filePosition;
    }

    /** Reads the next step from the bytes below {@code limit}. */
    Step next(long limit) throws IOException {
        if (position + RecordFormat.HEADER_BYTES > limit) {
            if (position < limit) {
                return damaged(position, limit);
            }
            return Step.END;
        }
        if (!ensure(position, RecordFormat.HEADER_BYTES)) {
            return position < limit ? damaged(position, limit) : Step.END;
        }
        int at = (int) (position - windowStart);
        if (!RecordFormat.headerHolds(window, at, crc)) {
            return damaged(position, resync(position + 1, limit));
        }
        int length = RecordFormat.length(window, at);
        long end = position + RecordFormat.HEADER_BYTES + length;
        if (end > limit) {
            // The header holds but its payload is not all there: the tail was torn mid-record.
            return damaged(position, limit);
        }
        if (!ensure(position, RecordFormat.HEADER_BYTES + length)) {
            return damaged(position, limit);
        }
        at = (int) (position - windowStart);
        if (!RecordFormat.payloadHolds(window, at, crc)) {
            // The header's checksum vouches for the length: skip exactly this record.
            return damaged(position, end);
        }
        recordOffset = position;
        seq = RecordFormat.seq(window, at);
        payloadLength = length;
        position = end;
        return Step.RECORD;
    }

    private Step damaged(long start, long end) {
        damageStart = start;
        damageEnd = end;
        position = end;
        return Step.DAMAGED;
    }

    /** The first offset at or after {@code from} where a header holds, or {@code limit} when none does. */
    private long resync(long from, long limit) throws IOException {
        for (long candidate = from; candidate + RecordFormat.HEADER_BYTES <= limit; candidate++) {
            if (!ensure(candidate, RecordFormat.HEADER_BYTES)) {
                return limit;
            }
            int at = (int) (candidate - windowStart);
            if (window.getInt(at) == RecordFormat.MAGIC && RecordFormat.headerHolds(window, at, crc)) {
                return candidate;
            }
        }
        return limit;
    }

    /**
     * Makes file bytes [offset, offset + length) present in the window, reading from the file as
     * needed; false when the file ends before them.
     */
    private boolean ensure(long offset, int length) throws IOException {
        if (offset >= windowStart && offset + length <= windowStart + window.limit()) {
            return true;
        }
        if (length > window.capacity()) {
            window = ByteBuffer.allocateDirect(Integer.highestOneBit(length - 1) << 1);
        }
        window.clear();
        windowStart = offset;
        while (window.position() < length) {
            int read = channel.read(window, offset + window.position());
            if (read < 0) {
                break;
            }
        }
        window.flip();
        return window.limit() >= length;
    }

    /** The window holding the last record's payload; valid until the next call to {@link #next}. */
    ByteBuffer window() {
        return window;
    }

    int payloadOffset() {
        return (int) (recordOffset - windowStart) + RecordFormat.HEADER_BYTES;
    }

    int payloadLength() {
        return payloadLength;
    }

    long seq() {
        return seq;
    }

    long recordOffset() {
        return recordOffset;
    }

    long damageStart() {
        return damageStart;
    }

    long damageEnd() {
        return damageEnd;
    }
}
