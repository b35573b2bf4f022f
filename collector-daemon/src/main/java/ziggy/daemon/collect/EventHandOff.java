package ziggy.daemon.collect;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Where threads other than the collect thread (the Python logging intake, the Kafka consumer) leave events for
 * the collect thread, which takes them on its next loop turn ({@link EventIntake#onLoopTurn}): encoded events,
 * taken as a client's single frame, or consumed Kafka records ({@link ConsumedRecord}). Bounded in events and in bytes: a producer facing a full hand-off waits,
 * boundedly, and tries again, rather than drop. The collect loop is woken ({@code wakeup}, a selector wakeup:
 * a system call and a turn of the loop) at most once per drain: by {@link #offer}, or, for a producer that has
 * several events at hand, by one {@link #signal} after {@link #offerWithoutSignal} of each.
 */
public final class EventHandOff<E> {
    /** Events taken per loop turn at most, so the collect endpoint's peers are read between batches. */
    static final int MAX_PER_TURN = 4096;
    private static final long FULL_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final ArrayBlockingQueue<E> events;
    private final long maxBytes;
    private final ToIntFunction<E> bytesOf;
    private final AtomicLong heldBytes = new AtomicLong();
    /** Set by the producer that wakes the loop, cleared by the loop before it drains. */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile Runnable wakeup = () -> { };

    /** {@code bytesOf}: what an item costs against {@code maxBytes}. */
    public EventHandOff(int maxEvents, long maxBytes, ToIntFunction<E> bytesOf) {
        this.events = new ArrayBlockingQueue<>(maxEvents);
        this.maxBytes = maxBytes;
        this.bytesOf = bytesOf;
    }

    /** A hand-off of encoded events, each costing its length. */
    public static EventHandOff<byte[]> ofEvents(int maxEvents, long maxBytes) {
        return new EventHandOff<>(maxEvents, maxBytes, event -> event.length);
    }

    /** How to wake the collect loop (its endpoint's {@code wakeup()}); set once the endpoint is bound. */
    public void wakeUpWith(Runnable wake) {
        this.wakeup = wake;
    }

    /**
     * Leaves {@code event} for the collect thread, waiting at most {@code timeoutNanos} while the hand-off is
     * full; false when it stayed full, and the caller decides whether to try again.
     */
    public boolean offer(E event, long timeoutNanos) throws InterruptedException {
        boolean added = offerWithoutSignal(event, timeoutNanos);
        signal();
        return added;
    }

    /**
     * As {@link #offer}, without waking the collect loop unless the hand-off is full: the producer calls
     * {@link #signal} once it has no more events at hand.
     */
    public boolean offerWithoutSignal(E event, long timeoutNanos) throws InterruptedException {
        int bytes = bytesOf.applyAsInt(event);
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long held = heldBytes.get();
            // One event larger than the whole budget still passes, alone.
            if ((held == 0 || held + bytes <= maxBytes) && events.offer(event)) {
                heldBytes.addAndGet(bytes);
                return true;
            }
            signal(); // full: the collect loop must be on its way before we wait for it
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(FULL_PAUSE_NANOS);
        }
    }

    /** Wakes the collect loop if events wait and no wake-up is on its way since its last drain. */
    public void signal() {
        if (!wakePending.get() && !events.isEmpty() && wakePending.compareAndSet(false, true)) {
            wakeup.run();
        }
    }

    /** Collect thread: hands at most {@code max} events to {@code taker}, oldest first; returns how many. */
    int drain(int max, Consumer<E> taker) {
        wakePending.set(false);
        int taken = 0;
        E event;
        while (taken < max && (event = events.poll()) != null) {
            heldBytes.addAndGet(-bytesOf.applyAsInt(event));
            taker.accept(event);
            taken++;
        }
        // More than a turn's worth: come straight back after reading the peers, as if an event had just come.
        if (!events.isEmpty() && wakePending.compareAndSet(false, true)) {
            wakeup.run();
        }
        return taken;
    }

    /** Events waiting. */
    public int size() {
        return events.size();
    }
}
