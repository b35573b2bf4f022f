/**
 * The processor chain the daemon runs on its collect thread: {@link ziggy.processors.ProcessorSpec}
 * parses {@code --processor NAME:key=value,...}, {@link ziggy.processors.ProcessorCatalog} finds
 * factories (built-in and from {@code --plugin-dir}), {@link ziggy.processors.ProcessorChain} runs them
 * in order with isolation and counters and hands what comes out to an {@link ziggy.processors.EventSink}.
 *
 * <p>Invariant: one thread calls the chain, for events and ticks; a processor's failure is counted
 * and logged, never thrown to the daemon.
 */
package ziggy.processors;
