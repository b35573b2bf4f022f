package ziggy.client;

import java.util.Map;

/**
 * What the client did since it was last configured.
 *
 * @param sent            events handed to a live connection to the daemon (or to the recorder)
 * @param dropped         events lost, all reasons together; never silently: see {@code droppedByReason}
 * @param queued          events waiting in the queue at the time of asking
 * @param droppedByReason the same drops by reason ("queue full", "invalid type", ...); reasons with no drop
 *                        are left out
 */
public record Stats(long sent, long dropped, long queued, Map<String, Long> droppedByReason) {
    static final Stats NONE = new Stats(0, 0, 0, Map.of());

    public Stats {
        droppedByReason = Map.copyOf(droppedByReason);
    }
}
