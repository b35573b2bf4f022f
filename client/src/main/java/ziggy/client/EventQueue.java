package ziggy.client;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-off between application threads and the sender thread, without a lock: an offer is a
 * compare-and-set on the list's tail and one atomic add, and never parks. An {@code ArrayBlockingQueue}
 * has one lock for both ends, which the sender held while it drained a run of events; application threads
 * that found it held parked and were woken, a system call and a context switch each, on two cores already
 * busy with the application, the sender and the daemon.
 *
 * <p>Two bounds: the events in the queue, and the bytes the client holds, which are the queue's events and
 * those the sender has taken from it that JeroMQ has not yet begun to write to the kernel (in the sender's
 * hands or in JeroMQ's pipe; the sender gives their bytes back with {@link #releaseBytes}). A count alone
 * lets an application that writes large events (stack traces, request bodies) fill its heap while the
 * daemon is away or slow. Both totals live in one {@code long}, events in the high bits and bytes in the
 * low {@value #BYTE_BITS}, so that an offer still takes a single atomic add. They are added before the
 * event is linked, so they may briefly count an event not yet visible to the sender; they never let more
 * than the bounds in.
 */
final class EventQueue {
    /** Bits of the packed totals that hold bytes; the events are above them. */
    static final int BYTE_BITS = 40;
    /**
     * The largest bounds: each leaves headroom in its field for the additions of offers that are over the
     * bound and about to take theirs back (one event per offering thread, at most 16 MiB each).
     */
    static final int MAX_EVENTS = 1 << 22;
    static final long MAX_BYTES = 1L << (BYTE_BITS - 1);
    private static final long ONE_EVENT = 1L << BYTE_BITS;
    private static final long BYTE_MASK = ONE_EVENT - 1;

    private final ConcurrentLinkedQueue<byte[]> events = new ConcurrentLinkedQueue<>();
    private final AtomicLong totals = new AtomicLong();
    private final int maxEvents;
    private final long maxBytes;

    EventQueue(int maxEvents, long maxBytes) {
        if (maxEvents < 1 || maxEvents > MAX_EVENTS || maxBytes < 1 || maxBytes > MAX_BYTES) {
            throw new IllegalArgumentException("bounds out of range: " + maxEvents + " events, " + maxBytes + " bytes");
        }
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Adds the event unless that would pass either bound; never waits. */
    boolean offer(byte[] event) {
        long added = ONE_EVENT + event.length;
        long after = totals.addAndGet(added);
        if (after >>> BYTE_BITS > maxEvents || (after & BYTE_MASK) > maxBytes) {
            totals.addAndGet(-added);
            return false;
        }
        events.offer(event);
        return true;
    }

    /**
     * Moves up to {@code max} events, oldest first, into {@code into}; returns how many. Their bytes stay
     * held until {@link #releaseBytes released}.
     */
    int drainTo(List<byte[]> into, int max) {
        int moved = 0;
        for (byte[] event; moved < max && (event = events.poll()) != null; moved++) {
            into.add(event);
        }
        if (moved > 0) {
            totals.addAndGet(-moved * ONE_EVENT);
        }
        return moved;
    }

    /** Gives back the bytes of drained events that are no longer held (written, or dropped). */
    void releaseBytes(long bytes) {
        if (bytes > 0) {
            totals.addAndGet(-bytes);
        }
    }

    /** Takes this very event back out (compared by identity); false if the sender already took it. */
    boolean remove(byte[] event) {
        // ConcurrentLinkedQueue.remove compares with equals, which for arrays is identity.
        if (events.remove(event)) {
            totals.addAndGet(-(ONE_EVENT + event.length));
            return true;
        }
        return false;
    }

    /** The oldest event, or null when none is queued; its bytes are no longer held. */
    byte[] poll() {
        byte[] event = events.poll();
        if (event != null) {
            totals.addAndGet(-(ONE_EVENT + event.length));
        }
        return event;
    }

    /** Events queued now (approximate while offers are under way). */
    int size() {
        return (int) (totals.get() >>> BYTE_BITS);
    }

    /** Bytes held now: queued, or drained and not yet released (approximate while offers are under way). */
    long heldBytes() {
        return totals.get() & BYTE_MASK;
    }
}
