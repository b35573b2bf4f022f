package ziggy.processor;

/**
 * What a {@link ProcessorFactory} makes: an {@link EventProcessor}, a {@link TimerProcessor}, or
 * both. A processor is called on one thread only (the daemon's collect thread), so it needs no
 * lock; it must not block, as every event waits for it.
 */
public interface Processor extends AutoCloseable {
    /** Called once when the chain is closed; releases what the processor holds. */
    @Override
    default void close() {
    }
}
