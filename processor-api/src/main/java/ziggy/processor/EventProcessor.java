package ziggy.processor;

/** A processor that sees every event that reaches its place in the chain. */
public interface EventProcessor extends Processor {
    /**
     * Decides what becomes of {@code event}, and may emit new events meanwhile. {@code event} and
     * its bytes are valid only during this call; keep a copy ({@link Event#toByteArray()}) of what
     * must outlive it. A thrown exception does not stop the daemon: the chain counts it and passes
     * or drops the event as the processor's {@code on-error} option says.
     */
    Decision process(Event event, Emitter emitter);
}
