package ziggy.storage.custody;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Where the collect thread puts the events it takes: a master's day files, or an agent's disk queue.
 * Every method runs on the collect thread.
 *
 * <p>Each appended event gets a position, growing by at least one per event; the store says through
 * which position everything is durable, which is what lets {@link SourceMarks} acknowledge a forwarder's
 * batches only once they are safe.
 *
 * @param <T> what the store keeps per event type (a master's day files of that type)
 */
public interface EventStore<T> {
    /** What this store keeps for a type; called once per type name that passed the name rule. */
    T perType(String type);

    /**
     * Appends bytes [offset, offset + length) of {@code source}, one whole event of day {@code day}.
     *
     * @return the event's position, or -1 when the store could not take it (the store counts why)
     */
    long append(T perType, int day, ByteBuffer source, int offset, int length, long nanoTime);

    /**
     * The largest event this store ever takes: a larger one is refused for good, not for now, so the intake
     * rejects it rather than have its source send it again for ever.
     */
    default int largestEvent() {
        return Integer.MAX_VALUE;
    }

    /** What {@link #onTick} and {@link #close} return when events were lost since the last durable point. */
    long LOST = -1;

    /**
     * A turn of the collect loop: write what is due. Returns the position through which all is durable,
     * or {@link #LOST} when some event appended since the last durable position could not be written: then
     * none of those is acknowledged, and their sources send them again.
     */
    long onTick(long nanoTime);

    /**
     * Called before the first batch event after marks were persisted: a store that cuts itself back to
     * its last persisted state after a crash must note, durably, that uncommitted batch events may follow.
     * False when it cannot: the batch is not taken (its source sends it again).
     */
    boolean beforeBatchEvents();

    /**
     * Persists {@code durableMarks} together with the store's own state, before they are published.
     * False when it cannot: they are not published, and are offered again at the next commit.
     */
    boolean persistMarks(Map<String, Long> durableMarks);

    /**
     * The position of the last event appended, when the store's persisted state at a durable position equal to it
     * describes everything written (a master's day files); {@link Long#MAX_VALUE} for a store that does not say.
     */
    default long appendedPosition() {
        return Long.MAX_VALUE;
    }

    /**
     * Whether the store wants its state persisted at {@code durablePosition} even though no mark moved
     * (a relay's queue lets its readers past only what its journal covers).
     */
    default boolean needsCommit(long durablePosition) {
        return false;
    }

    /** Writes everything and closes; returns the position through which all is durable, or {@link #LOST}. */
    long close();
}
