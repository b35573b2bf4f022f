package ziggy.daemon.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count that one thread adds to and any thread reads. The writer's add is a plain load and a
 * release store (no lock prefix on x86), which is all a single writer needs.
 */
public final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // read and written through VALUE
    private volatile long value;

    /** Only from the counter's one writing thread. */
    public void add(long n) {
        VALUE.setRelease(this, (long) VALUE.getOpaque(this) + n);
    }

    public void increment() {
        add(1);
    }

    public long get() {
        return (long) VALUE.getAcquire(this);
    }
}
