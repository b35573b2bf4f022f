package ziggy.client;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded hand-off between application threads and the sender thread, without a lock: an offer is a
 * compare-and-set on the list's tail and an increment of the count, and never parks. An
 * {@code ArrayBlockingQueue} has one lock for both ends, which the sender held while it drained a run of
 * events; application threads that found it held parked and were woken, a system call and a context
 * switch each, on two cores already busy with the application, the sender and the daemon.
 *
 * <p>The count is taken before the event is linked, so it may briefly count an event not yet visible to
 * the sender; it never lets more than {@code capacity} events in.
 */
final class EventQueue {
    private final ConcurrentLinkedQueue<byte[]> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int capacity;

    EventQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds the event unless {@code capacity} events are queued; never waits. */
    boolean offer(byte[] event) {
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            return false;
        }
        events.offer(event);
        return true;
    }

    /** Moves up to {@code max} events, oldest first, into {@code into}; returns how many. */
    int drainTo(List<byte[]> into, int max) {
        int moved = 0;
        for (byte[] event; moved < max && (event = events.poll()) != null; moved++) {
            into.add(event);
        }
        if (moved > 0) {
            count.addAndGet(-moved);
        }
        return moved;
    }

    /** Takes this very event back out (compared by identity); false if the sender already took it. */
    boolean remove(byte[] event) {
        // ConcurrentLinkedQueue.remove compares with equals, which for arrays is identity.
        if (events.remove(event)) {
            count.decrementAndGet();
            return true;
        }
        return false;
    }

    /** The oldest event, or null when none is queued. */
    byte[] poll() {
        byte[] event = events.poll();
        if (event != null) {
            count.decrementAndGet();
        }
        return event;
    }

    /** Events queued now (approximate while offers are under way). */
    int size() {
        return count.get();
    }
}
