package ziggy.storage.queue;

/**
 * How a {@link DiskQueue} behaves: its size limit and what happens at it, its durability, and the size
 * of its segment files.
 *
 * @param maxBytes      the most bytes the segment files (and the append buffer) may hold together
 * @param fullPolicy    what an append does at {@code maxBytes}
 * @param fsync         when appended records are forced to the disk
 * @param segmentBytes  a segment is closed and a new one begun once it would grow past this size; at most a
 *                      quarter of {@code maxBytes}, so that a full queue always has an older segment to free
 * @param maxEventBytes the largest event accepted; larger ones are rejected and counted
 */
public record QueueOptions(long maxBytes, FullPolicy fullPolicy, FsyncPolicy fsync, long segmentBytes, int maxEventBytes) {

    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 << 20;

    public QueueOptions {
        if (fullPolicy == null || fsync == null) {
            throw new IllegalArgumentException("full policy and fsync policy are required");
        }
        if (maxEventBytes < 1 || maxEventBytes > RecordFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("max event bytes must be 1.." + RecordFormat.MAX_PAYLOAD + ", got " + maxEventBytes);
        }
        if (segmentBytes < SegmentFormat.HEADER_BYTES + RecordFormat.HEADER_BYTES + 1L) {
            throw new IllegalArgumentException("segment bytes too small: " + segmentBytes);
        }
        if (maxBytes < 4 * segmentBytes) {
            throw new IllegalArgumentException("--queue-max-bytes (" + maxBytes + ") must be at least four segments ("
                    + 4 * segmentBytes + " bytes)");
        }
    }

    /** 1 GiB, block, fsync every 25 ms, 64 MiB segments, events up to 16 MiB. */
    public static QueueOptions defaults() {
        return new QueueOptions(DEFAULT_MAX_BYTES, FullPolicy.BLOCK, FsyncPolicy.DEFAULT, DEFAULT_SEGMENT_BYTES,
                DEFAULT_MAX_EVENT_BYTES);
    }

    /** Options for {@code maxBytes}, with segments of a sixteenth of it (at most 64 MiB, at least 64 KiB). */
    public static QueueOptions of(long maxBytes, FullPolicy fullPolicy, FsyncPolicy fsync) {
        long segment = Math.max(64L << 10, Math.min(DEFAULT_SEGMENT_BYTES, maxBytes / 16));
        return new QueueOptions(maxBytes, fullPolicy, fsync, segment, DEFAULT_MAX_EVENT_BYTES);
    }

    public QueueOptions withFsync(FsyncPolicy policy) {
        return new QueueOptions(maxBytes, fullPolicy, policy, segmentBytes, maxEventBytes);
    }

    public QueueOptions withSegmentBytes(long bytes) {
        return new QueueOptions(maxBytes, fullPolicy, fsync, bytes, maxEventBytes);
    }

    public QueueOptions withMaxEventBytes(int bytes) {
        return new QueueOptions(maxBytes, fullPolicy, fsync, segmentBytes, bytes);
    }
}
