package ziggy.client;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sent and dropped events of one configuration, and the once-a-minute log line per drop reason.
 * Application threads count drops concurrently, so the counters are {@link LongAdder}s; the log line is
 * claimed with a compare-and-set on the reason's next allowed time, so exactly one thread writes it.
 */
final class Counters {
    private static final System.Logger LOG = System.getLogger("ziggy.client");
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongAdder sent = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
    private final AtomicLongArray nextLogNanos = new AtomicLongArray(DropReason.values().length);
    private final long createdNanos = System.nanoTime();

    Counters() {
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
            nextLogNanos.set(i, createdNanos);
        }
    }

    void sent() {
        sent.increment();
    }

    void dropped(DropReason reason, String detail) {
        dropped(reason, 1, detail);
    }

    void dropped(DropReason reason, long count, String detail) {
        if (count <= 0) {
            return;
        }
        int i = reason.ordinal();
        dropped[i].add(count);
        long now = System.nanoTime();
        long next = nextLogNanos.get(i);
        if (now - next >= 0 && nextLogNanos.compareAndSet(i, next, now + LOG_INTERVAL_NANOS)) {
            LOG.log(Level.WARNING, "ziggy client dropped events (" + reason.label + "): " + dropped[i].sum()
                    + " so far" + (detail == null ? "" : "; latest: " + detail)
                    + ". Ziggy.stats() has the counts; this line repeats at most once a minute.");
        }
    }

    Stats snapshot(long queued) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        long total = 0;
        for (DropReason reason : DropReason.values()) {
            long n = dropped[reason.ordinal()].sum();
            if (n > 0) {
                byReason.put(reason.label, n);
                total += n;
            }
        }
        return new Stats(sent.sum(), total, queued, byReason);
    }
}
