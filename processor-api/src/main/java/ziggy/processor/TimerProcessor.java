package ziggy.processor;

import java.time.Instant;

/**
 * A processor that runs on a {@link Schedule}, on the same thread as the events: the chain's owner
 * calls {@code onTick} at least every 100 ms, and the chain fires each timer once per due time.
 */
public interface TimerProcessor extends Processor {
    Schedule schedule();

    /** The due time has come ({@code now} is at or after it); may emit events. */
    void fire(Instant now, Emitter emitter);
}
