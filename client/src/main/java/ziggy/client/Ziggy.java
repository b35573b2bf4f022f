package ziggy.client;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.bson.BsonDocument;

/**
 * The entry points applications use, named as in Ziggy's Python client.
 *
 * <pre>{@code
 * Ziggy.configure("127.0.0.1", 3514);
 * try (Context request = Ziggy.context("request")) {
 *     Ziggy.set("user_agent", userAgent);
 *     try (Timer t = Ziggy.timeit("request_time")) { handle(); }
 *     Ziggy.set("response.status", 200);
 * }
 * }</pre>
 *
 * Until {@code configure} is called (and after {@link #close()}), every call is a cheap no-op that returns an
 * inert context. The current context is per thread; {@link #wrap} carries it to other threads.
 */
public final class Ziggy {
    private static final Object CONFIGURING = new Object();
    private static volatile Emitter emitter;
    private static volatile Stats lastStats = Stats.NONE;

    private Ziggy() {
    }

    /** Sends events to the {@code ziggyd} collect port at {@code host:port}, with the default options. */
    public static void configure(String host, int port) {
        configure(host, port, SenderOptions.defaults());
    }

    /**
     * Sends events to {@code host:port} (a {@code ziggyd} collect port). Replaces (and closes) an earlier
     * configuration; counters start again from zero.
     *
     * @throws IllegalArgumentException for a blank host or a port outside 1-65535: a configuration mistake
     */
    public static void configure(String host, int port, SenderOptions options) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Ziggy.configure: host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Ziggy.configure: port " + port + " is not in 1-65535");
        }
        Counters counters = new Counters();
        install(new Emitter(new ZmqSender(host, port, options, counters), counters));
    }

    /**
     * Sends every event to {@code recorder} (as a BSON document, on the thread that closed the context)
     * instead of the network: for applications' tests, as Ziggy's {@code recorder=}.
     */
    public static void configure(Consumer<? super BsonDocument> recorder) {
        if (recorder == null) {
            throw new IllegalArgumentException("Ziggy.configure: recorder is null");
        }
        Counters counters = new Counters();
        install(new Emitter(new RecorderSink(recorder, counters), counters));
    }

    private static void install(Emitter next) {
        Emitter previous;
        synchronized (CONFIGURING) {
            previous = emitter;
            emitter = next;
        }
        if (previous != null) {
            previous.sink().close();
            lastStats = previous.stats();
        }
    }

    /**
     * Sends what is pending, waiting at most the close timeout (2 s by default), and makes every call a
     * no-op again until the next {@code configure}. {@link #stats()} keeps the final figures.
     */
    public static void close() {
        Emitter previous;
        synchronized (CONFIGURING) {
            previous = emitter;
            emitter = null;
        }
        if (previous != null) {
            previous.sink().close();
            lastStats = previous.stats();
        }
    }

    /** Sent, dropped and queued events of the current configuration (or the last one, once closed). */
    public static Stats stats() {
        Emitter current = emitter;
        return current == null ? lastStats : current.stats();
    }

    /** Opens a context of {@code type} on this thread; a leading '.' makes it a sub-context of the current one. */
    public static Context context(String type) {
        return open(type, null, null, 1.0);
    }

    /** Opens a context with an id the application chose. */
    public static Context context(String type, String id) {
        return open(type, id, null, 1.0);
    }

    /**
     * Opens a context that is sampled: {@code (".", r)} or its own type keeps a fraction {@code r} of these
     * contexts; {@code ("..", r)} keeps all or none of them per parent, for a fraction {@code r} of parents;
     * the type of another open context keeps all or none per that context. See {@code docs/client.md}.
     */
    public static Context context(String type, String sampleName, double rate) {
        return open(type, null, sampleName, rate);
    }

    /** Opens a sampled context with an id the application chose. */
    public static Context context(String type, String id, String sampleName, double rate) {
        return open(type, id, sampleName, rate);
    }

    private static Context open(String type, String id, String sampleName, double rate) {
        Emitter current = emitter;
        if (current == null) {
            return Context.INERT;
        }
        return Context.open(current, type == null ? "" : type, id, sampleName, rate);
    }

    /** The innermost open context on this thread, or an inert one. */
    public static Context current() {
        if (emitter == null) {
            return Context.INERT;
        }
        Context current = PerThread.contexts().current();
        return current == null ? Context.INERT : current;
    }

    /** Sets {@code key} on the current context; dotted keys nest. No-op without one. */
    public static void set(String key, Object value) {
        current().set(key, value);
    }

    /** Adds to the number at {@code key} on the current context. */
    public static void add(String key, Number amount) {
        current().add(key, amount);
    }

    /** Appends to the list at {@code key} on the current context. */
    public static void append(String key, Object value) {
        current().append(key, value);
    }

    /** Times a block into {@code key} (seconds, a double) on the current context. */
    public static Timer timeit(String key) {
        return current().timeit(key);
    }

    /** {@code task}, running with the contexts that are current here and now. */
    public static Runnable wrap(Runnable task) {
        ContextStack.Frame captured = PerThread.contexts().top();
        if (task == null || captured == null) {
            return task;
        }
        return () -> {
            ContextStack contexts = PerThread.contexts();
            ContextStack.Frame previous = contexts.install(captured);
            try {
                task.run();
            } finally {
                contexts.setTop(previous);
            }
        };
    }

    /** {@code task}, running with the contexts that are current here and now. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        ContextStack.Frame captured = PerThread.contexts().top();
        if (task == null || captured == null) {
            return task;
        }
        return () -> {
            ContextStack contexts = PerThread.contexts();
            ContextStack.Frame previous = contexts.install(captured);
            try {
                return task.call();
            } finally {
                contexts.setTop(previous);
            }
        };
    }

    /**
     * An executor that runs each task with the contexts current where the task was handed to it, so
     * {@code CompletableFuture} stages run on it keep the context of the stage that scheduled them.
     */
    public static Executor wrap(Executor executor) {
        return executor == null ? null : new CarryingExecutor(executor);
    }

    /** As {@link #wrap(Executor)}, for every way of submitting to an {@link ExecutorService}. */
    public static ExecutorService wrap(ExecutorService executor) {
        return executor == null ? null : new CarryingExecutorService(executor);
    }

    static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
        return tasks.stream().map(Ziggy::wrap).toList();
    }
}
