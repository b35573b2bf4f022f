package ziggy.daemon.stats;

/** A level (such as open files) that one thread sets and any thread reads. */
public final class Gauge {
    private volatile long value;

    /** Only from the gauge's one writing thread. */
    public void set(long newValue) {
        value = newValue;
    }

    public long get() {
        return value;
    }
}
