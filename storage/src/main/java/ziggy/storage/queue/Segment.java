package ziggy.storage.queue;

import java.nio.file.Path;
import java.util.List;

/**
 * What the queue knows about one segment file: where it is, which seqs it holds, how many of its bytes
 * are written and how many a reader may see, and where its known damaged ranges are. Mutable; guarded
 * by the {@link DiskQueue}'s lock, except {@link #damaged}, which is replaced whole and read freely, and
 * {@link #readableEnd}, which cursors read without the lock.
 */
final class Segment {
    final Path path;
    final long baseSeq;
    final long createdMillis;
    /** Seq of the first and last good record; {@code lastSeq < firstSeq} while it holds none. */
    long firstSeq;
    long lastSeq;
    long records;
    /** Bytes of the file that hold header and complete records. */
    long size;
    /**
     * Bytes a reader may read: all of {@link #size} once written under {@code never}, once synced otherwise.
     * Volatile because cursors read it without the queue's lock.
     */
    volatile long readableEnd;
    volatile List<long[]> damaged = List.of();

    Segment(Path path, long baseSeq, long createdMillis) {
        this.path = path;
        this.baseSeq = baseSeq;
        this.createdMillis = createdMillis;
        this.firstSeq = baseSeq;
        this.lastSeq = baseSeq - 1;
    }

    void recordAppended(long seq) {
        if (records == 0) {
            firstSeq = seq;
        }
        lastSeq = seq;
        records++;
    }

    /**
     * Forgets everything from byte {@code offset} on (the file was cut there): {@code keptRecords} records
     * stay, the last of them at {@code lastKeptSeq}, and damaged ranges past the cut are gone.
     */
    void cutBack(long offset, long keptRecords, long lastKeptSeq) {
        size = offset;
        readableEnd = offset;
        records = keptRecords;
        if (keptRecords == 0) {
            firstSeq = baseSeq;
            lastSeq = baseSeq - 1;
        } else {
            lastSeq = lastKeptSeq;
        }
        damaged = damaged.stream().filter(range -> range[1] <= offset).toList();
    }

    /** The records with a seq above {@code acked}, counting any gaps as records. */
    long unacknowledged(long acked) {
        if (records == 0 || lastSeq <= acked) {
            return 0;
        }
        if (firstSeq > acked) {
            return records;
        }
        return lastSeq - acked;
    }

    /** The end of the known damaged range starting at {@code offset}, or -1 when none starts there. */
    long damagedRangeEndingFrom(long offset) {
        for (long[] range : damaged) {
            if (range[0] == offset) {
                return range[1];
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return path.getFileName() + " seqs " + firstSeq + ".." + lastSeq;
    }
}
