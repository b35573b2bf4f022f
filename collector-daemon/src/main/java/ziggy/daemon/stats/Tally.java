package ziggy.daemon.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * STATUS's {@code {last, count}} for one type or one host: how many events, and the time (end, else
 * start) of the latest. One writer (the collect thread), any readers.
 */
public final class Tally {
    private static final VarHandle COUNT;
    private static final VarHandle LAST;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Tally.class, "count", long.class);
            LAST = MethodHandles.lookup().findVarHandle(Tally.class, "last", double.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    @SuppressWarnings("unused") // through COUNT
    private volatile long count;
    @SuppressWarnings("unused") // through LAST
    private volatile double last = Double.NaN;

    public Tally(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** One more event whose time is {@code eventTime} (NaN when it has none). */
    public void record(double eventTime) {
        COUNT.setRelease(this, (long) COUNT.getOpaque(this) + 1);
        LAST.setRelease(this, eventTime);
    }

    public long count() {
        return (long) COUNT.getAcquire(this);
    }

    /** NaN until an event with a time was recorded last. */
    public double last() {
        return (double) LAST.getAcquire(this);
    }
}
