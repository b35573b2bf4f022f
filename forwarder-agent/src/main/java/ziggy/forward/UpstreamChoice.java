package ziggy.forward;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Which upstream the forwarder uses and when it tries next: the first one while it answers; the next
 * one in the list when the one in use cannot be reached or stops answering; back to the first as soon
 * as it answers again (probed every {@code primaryRetry}). Attempts at the same upstream back off from
 * {@value #MIN_BACKOFF_MILLIS} ms to {@value #MAX_BACKOFF_MILLIS} ms. Used by the forwarder's thread;
 * {@link #current()} and {@link #failovers()} are read by status from others.
 */
final class UpstreamChoice {
    static final long MIN_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(MIN_BACKOFF_MILLIS);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_BACKOFF_MILLIS);

    private final List<Upstream> upstreams;
    private final long primaryRetryNanos;
    private volatile int current;
    private volatile long failovers;
    private long nextAttempt;
    private long backoff = MIN_BACKOFF_NANOS;
    private long nextPrimaryProbe;

    UpstreamChoice(List<Upstream> upstreams, Duration primaryRetry) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("no upstream to forward to");
        }
        this.upstreams = List.copyOf(upstreams);
        this.primaryRetryNanos = primaryRetry.toNanos();
    }

    List<Upstream> all() {
        return upstreams;
    }

    Upstream current() {
        return upstreams.get(current);
    }

    int currentIndex() {
        return current;
    }

    long failovers() {
        return failovers;
    }

    /** Whether the wait after the last failed attempt is over. */
    boolean mayConnect(long now) {
        return now >= nextAttempt;
    }

    /** The upstream in use answered: attempts start from the shortest wait again. */
    void answered(long now) {
        backoff = MIN_BACKOFF_NANOS;
        nextPrimaryProbe = now + primaryRetryNanos;
    }

    /** Whether a later upstream is in use and it is time to ask the first one whether it is back. */
    boolean primaryProbeDue(long now) {
        if (current == 0 || now < nextPrimaryProbe) {
            return false;
        }
        nextPrimaryProbe = now + primaryRetryNanos;
        return true;
    }

    /** The first upstream answered again: it is used from the next attempt on, at once. */
    void backToFirst(long now) {
        current = 0;
        nextAttempt = now;
    }

    /**
     * Leaves the upstream in use: with {@code failover} (and more than one upstream) the next one is
     * tried at once; otherwise the same one after the backoff, which doubles.
     *
     * @return what happens next, for the log line
     */
    String leave(boolean failover, long now) {
        if (failover && upstreams.size() > 1) {
            current = (current + 1) % upstreams.size();
            failovers++;
            nextAttempt = now;
            return "trying " + current();
        }
        nextAttempt = now + backoff;
        backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
        return "connecting again in " + TimeUnit.NANOSECONDS.toMillis(nextAttempt - now) + " ms";
    }
}
