package ziggy.view.live;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Says a recurring problem on stderr at most once per interval per kind, with how many times it
 * happened since it was last said, so a flood of bad messages cannot flood the terminal.
 */
final class RateLimitedNote {
    private final PrintStream errors;
    private final long intervalNanos;
    private final Map<String, long[]> lastSaid = new HashMap<>();

    RateLimitedNote(PrintStream errors, Duration interval) {
        this.errors = errors;
        this.intervalNanos = interval.toNanos();
    }

    /** {@code message} names the kind: the same text is rate-limited together. */
    void note(String message) {
        long now = System.nanoTime();
        long[] state = lastSaid.computeIfAbsent(message, key -> new long[] {now - intervalNanos, 0});
        state[1]++;
        if (now - state[0] >= intervalNanos) {
            errors.println("ziggyview: " + message + (state[1] > 1 ? " (" + state[1] + " times)" : ""));
            errors.flush();
            state[0] = now;
            state[1] = 0;
        }
    }
}
