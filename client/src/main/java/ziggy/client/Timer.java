package ziggy.client;

/**
 * Measures a block: {@code try (Timer t = Ziggy.timeit("request_time")) { ... }} sets {@code request_time}
 * to the elapsed seconds (a double, as Ziggy's {@code timeit}) on the context that was current when the timer
 * started. Monotonic ({@link System#nanoTime()}), so wall-clock steps do not distort it.
 */
public final class Timer implements AutoCloseable {
    static final Timer INERT = new Timer(null, null);

    private final Context context;
    private final String key;
    private final long startNanos;
    private boolean stopped;

    Timer(Context context, String key) {
        this.context = context;
        this.key = key;
        this.startNanos = context == null ? 0 : System.nanoTime();
    }

    /** Sets the elapsed seconds; only the first call counts. Throws nothing. */
    @Override
    public void close() {
        if (context == null || stopped) {
            return;
        }
        stopped = true;
        context.set(key, (System.nanoTime() - startNanos) / 1e9);
    }
}
