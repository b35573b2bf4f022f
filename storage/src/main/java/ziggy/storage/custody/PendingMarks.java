package ziggy.storage.custody;

/**
 * A source's marks taken and not yet durable: (seq, store position) pairs, oldest first, both rising.
 * Kept in two long arrays used as one ring, so that taking a batch event allocates nothing: a master
 * taking a million batch events a second between two flushes held as many {@code long[2]} in an
 * {@code ArrayDeque}, each copied by every young collection until the flush let it go.
 */
final class PendingMarks {
    private static final int FIRST_CAPACITY = 16;
    /** An emptied ring larger than this goes back to its first size: a burst's peak is not kept per source. */
    private static final int KEPT_CAPACITY = 1024;

    private long[] seqs = new long[FIRST_CAPACITY];
    private long[] positions = new long[FIRST_CAPACITY];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds that {@code seq} was stored at {@code position}; when the newest pair has the same position
     * (a batch whose events the store did not append one by one) its seq moves instead.
     */
    void add(long seq, long position) {
        if (size > 0) {
            int newest = index(size - 1);
            if (positions[newest] == position) {
                seqs[newest] = seq;
                return;
            }
        }
        if (size == seqs.length) {
            grow();
        }
        int slot = index(size);
        seqs[slot] = seq;
        positions[slot] = position;
        size++;
    }

    /**
     * Removes the pairs stored at or before {@code durablePosition} and returns the highest seq among
     * them, or {@code none} when there were none.
     */
    long removeThrough(long durablePosition, long none) {
        long durable = none;
        while (size > 0 && positions[head] <= durablePosition) {
            durable = seqs[head];
            head = index(1);
            size--;
        }
        if (size == 0) {
            clear();
        }
        return durable;
    }

    void clear() {
        head = 0;
        size = 0;
        if (seqs.length > KEPT_CAPACITY) {
            seqs = new long[FIRST_CAPACITY];
            positions = new long[FIRST_CAPACITY];
        }
    }

    /** The pairs the ring has room for now, for the test of its memory. */
    int capacity() {
        return seqs.length;
    }

    private int index(int offset) {
        return (head + offset) & (seqs.length - 1);
    }

    /** Doubles the ring, unrolled so that the oldest pair is at 0 again. */
    private void grow() {
        long[] grownSeqs = new long[seqs.length * 2];
        long[] grownPositions = new long[seqs.length * 2];
        int firstPart = Math.min(size, seqs.length - head);
        System.arraycopy(seqs, head, grownSeqs, 0, firstPart);
        System.arraycopy(positions, head, grownPositions, 0, firstPart);
        System.arraycopy(seqs, 0, grownSeqs, firstPart, size - firstPart);
        System.arraycopy(positions, 0, grownPositions, firstPart, size - firstPart);
        seqs = grownSeqs;
        positions = grownPositions;
        head = 0;
    }
}
