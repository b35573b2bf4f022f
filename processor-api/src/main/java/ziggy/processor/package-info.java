/**
 * The processor API: what a third party compiles a processor plugin against, and all it needs.
 *
 * <p>A {@link ziggy.processor.ProcessorFactory}, found by {@link java.util.ServiceLoader}, makes a
 * {@link ziggy.processor.Processor} from {@link ziggy.processor.ProcessorOptions}: an
 * {@link ziggy.processor.EventProcessor} that sees each {@link ziggy.processor.Event} (raw BSON,
 * read lazily) and answers a {@link ziggy.processor.Decision}, a {@link ziggy.processor.TimerProcessor}
 * fired on a {@link ziggy.processor.Schedule}, or both; either may emit events through an
 * {@link ziggy.processor.Emitter}.
 *
 * <p>Invariants: this module depends on org.mongodb:bson only. Processors are called on one thread
 * (the daemon's collect thread) for events and timers alike, so they hold no locks.
 */
package ziggy.processor;
