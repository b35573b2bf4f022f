package ziggy.forward;

/**
 * Records sent and not yet acknowledged, in the order they were sent, for a sink that acknowledges each
 * record on its own and out of order (Kafka answers per partition): the queue may be released only up to
 * the last seq before which every record sent is acknowledged ({@link #released()}), never over a hole.
 *
 * <p>Each send gets a ticket (its place in the send order); acknowledgements and failures name it. Sent
 * seqs increase but need not be consecutive (the queue may have dropped or cut some). {@link #reset}
 * forgets what is in flight after a failure; late answers for the tickets it forgot are ignored. Safe
 * between the sending thread and the sink's callback thread.
 */
final class InOrderAcks {
    private final long[] seqs;
    private final boolean[] done;
    /** Tickets [head, tail) are in flight; a ticket's slot is ticket % capacity. */
    private long head;
    private long tail;
    private long released;
    private Exception failure;

    InOrderAcks(int capacity, long released) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.seqs = new long[capacity];
        this.done = new boolean[capacity];
        this.released = released;
    }

    synchronized boolean hasRoom() {
        return tail - head < seqs.length;
    }

    synchronized int inFlight() {
        return (int) (tail - head);
    }

    /** The ticket of a record of {@code seq} sent now. */
    synchronized long sent(long seq) {
        if (tail - head >= seqs.length) {
            throw new IllegalStateException("more than " + seqs.length + " records in flight");
        }
        int slot = (int) (tail % seqs.length);
        seqs[slot] = seq;
        done[slot] = false;
        return tail++;
    }

    synchronized void acknowledged(long ticket) {
        if (ticket >= head && ticket < tail) {
            done[(int) (ticket % seqs.length)] = true;
        }
    }

    /** The record of {@code ticket} will not be acknowledged: what follows it must be sent again. */
    synchronized void failed(long ticket, Exception why) {
        if (ticket >= head && ticket < tail && failure == null) {
            failure = why;
        }
    }

    /** The first failure since the last {@link #reset}, or null. */
    synchronized Exception failure() {
        return failure;
    }

    /** The highest seq below which every record sent is acknowledged (moves past the acknowledged head). */
    synchronized long released() {
        while (head < tail && done[(int) (head % seqs.length)]) {
            released = seqs[(int) (head % seqs.length)];
            head++;
        }
        return released;
    }

    /** Forgets every record in flight and the failure: they go again, from {@link #released()} + 1. */
    synchronized void reset() {
        released();
        head = tail;
        failure = null;
    }
}
