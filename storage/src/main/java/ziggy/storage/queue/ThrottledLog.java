package ziggy.storage.queue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs each reason at most once a second, saying how many times it happened since the last line, so a
 * failing disk or a stream of bad input never floods the log.
 */
final class ThrottledLog {
    private static final long PERIOD_NANOS = 1_000_000_000L;

    private final System.Logger logger;
    private final ConcurrentHashMap<String, Mark> marks = new ConcurrentHashMap<>();

    private static final class Mark {
        volatile long lastNanos = System.nanoTime() - PERIOD_NANOS;
        final AtomicLong suppressed = new AtomicLong();
    }

    ThrottledLog(System.Logger logger) {
        this.logger = logger;
    }

    void log(System.Logger.Level level, String reason, String detail) {
        Mark mark = marks.computeIfAbsent(reason, r -> new Mark());
        long now = System.nanoTime();
        long last = mark.lastNanos;
        if (now - last < PERIOD_NANOS) {
            mark.suppressed.incrementAndGet();
            return;
        }
        mark.lastNanos = now;
        long more = mark.suppressed.getAndSet(0);
        logger.log(level, "queue: " + reason + ": " + detail + (more > 0 ? " (and " + more + " more in the last second)" : ""));
    }
}
