package ziggy.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One event being built: opened by {@link Ziggy#context(String)}, filled with {@code set}, {@code add} and
 * {@code append}, sent once when closed. Sub-contexts ({@code ".sql"}) take its id and extend its type.
 *
 * <p>A context that is sampled out (or whose parent is, or whose type is invalid) keeps no body and sends
 * nothing, but still stands on the stack so that what opens inside it is sampled out too. Its methods may be
 * called from any thread; a closed context ignores further writes. Nothing here throws into the caller.
 */
public final class Context implements AutoCloseable {
    /** What every call returns before {@code Ziggy.configure}: no type, no id, sends nothing. */
    static final Context INERT = new Context(null, "", "", 0, 0, null, 0, 0);
    private static final Scope NO_SCOPE = () -> {
    };
    /** {@link #state}: open and idle, one thread writing the body, or closed (for good). */
    private static final int OPEN = 0;
    private static final int WRITING = 1;
    private static final int CLOSED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Context.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Emitter emitter;
    private final String type;
    /**
     * A generated id's 16 bytes, epoch seconds then random, kept as numbers and written as hex straight into
     * the event: no String unless {@link #id()} asks for one.
     */
    private final long idHigh;
    private final long idLow;
    /** The id as text: the application's own id, or a generated one once {@link #id()} has made it. */
    private String idText;
    private final boolean sampled;
    private final double start;
    /** {@link System#nanoTime()} at open: the event's end is its start plus the monotonic time since. */
    private final long startNanos;
    private final Fields body;
    private Map<String, Boolean> sampleDraws;
    /**
     * Guards {@link #body}: a writer moves it OPEN to WRITING and back, close moves it OPEN to CLOSED. One
     * compare-and-set a write, where {@code synchronized} costs two (enter and exit) and came to an eighth
     * of an event's time (docs/client.md); writers from two threads at once are rare, so the loser
     * just spins.
     */
    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    /**
     * The id of the thread inside a write, while one is (0 otherwise; thread ids start at 1). A write can
     * run application code (a map's iterator, a Number's {@code longValue()}), and if that writes to this
     * context again on the same thread, the inner call must give up rather than wait for itself; only its
     * own thread ever finds itself here. Set only by writes that can run application code (an undotted
     * {@code set} cannot): set on every write, it cost 4 % of an event's time.
     */
    private long writerId;

    /** {@code body} is null when the context is not sampled. */
    private Context(Emitter emitter, String type, String idText, long idHigh, long idLow, Fields body,
            double start, long startNanos) {
        this.emitter = emitter;
        this.type = type;
        this.idText = idText;
        this.idHigh = idHigh;
        this.idLow = idLow;
        this.sampled = body != null;
        this.start = start;
        this.startNanos = startNanos;
        this.body = body;
        this.state = emitter == null ? CLOSED : OPEN;
    }

    /**
     * Opens a context on this thread (pushes it) with Ziggy's naming, id and sampling rules; see
     * {@code docs/client.md} and {@link TypeNames}. {@code sampleName} null means no sampling.
     */
    static Context open(Emitter emitter, String asked, String explicitId, String sampleName, double rate) {
        PerThread thread = PerThread.get();
        Context current = thread.contexts.current();
        Context parent = asked.startsWith(".") ? current : null;
        TypeNames.Resolved resolved = TypeNames.lookUp(asked, parent == null ? null : parent.type);
        String type = resolved.type();
        boolean valid = resolved.valid();
        long startNanos = System.nanoTime();
        double start = EpochClock.secondsAt(startNanos);
        String idText = explicitId != null ? explicitId : parent != null ? parent.idText : null;
        long idHigh = explicitId != null ? 0 : parent != null ? parent.idHigh : EventIds.firstHalf((long) start);
        long idLow = explicitId != null ? 0 : parent != null ? parent.idLow : EventIds.secondHalf();
        boolean sampled;
        if (parent != null && !parent.sampled) {
            sampled = false;
        } else if (!valid) {
            emitter.counters().dropped(DropReason.INVALID_TYPE, "type \"" + type + "\" (asked \"" + asked
                    + "\"): types are 1-200 of [A-Za-z0-9_.-], no leading, trailing or double '.'");
            sampled = false;
        } else {
            sampled = sampleName == null || decide(asked, type, parent, thread.contexts, sampleName, rate);
        }
        Context context = new Context(emitter, type, idText, idHigh, idLow, sampled ? thread.spares.body() : null,
                start, startNanos);
        thread.contexts.push(context);
        return context;
    }

    /**
     * Ziggy's sampling: "." or the context's own type draws for this context alone; ".." draws once per
     * parent for all contexts of this asked type under it (all or none per parent); the type of another open
     * context draws once per that context. Where Ziggy would fail (".." at the top, a name not open), this
     * context draws for itself.
     */
    private static boolean decide(String asked, String type, Context parent, ContextStack open, String sampleName,
            double rate) {
        if (sampleName.equals(".") || sampleName.equals(asked) || sampleName.equals(type)
                || (asked.startsWith(".") && sampleName.equals(asked.substring(1)))) {
            return draw(rate);
        }
        Context owner = sampleName.equals("..") ? parent : open.find(sampleName);
        return owner == null ? draw(rate) : owner.sampledFor(asked, rate);
    }

    private static boolean draw(double rate) {
        return ThreadLocalRandom.current().nextDouble() < rate;
    }

    /** One draw per asked type, kept for this context's life: all its sub-contexts of that type agree. */
    private synchronized boolean sampledFor(String asked, double rate) {
        if (sampleDraws == null) {
            sampleDraws = new HashMap<>(4);
        }
        return sampleDraws.computeIfAbsent(asked, a -> draw(rate));
    }

    /** The event's id: 32 hex characters for a top-level context, the parent's for a sub-context. */
    public String id() {
        String text = idText;
        if (text == null) {
            // Two threads may both make it; either String will do.
            text = EventIds.text(idHigh, idLow);
            idText = text;
        }
        return text;
    }

    /** The event's type, e.g. {@code request.sql}. */
    public String type() {
        return type;
    }

    /** Whether this context will send an event when it closes. */
    public boolean isSampled() {
        return sampled && !isClosed();
    }

    boolean isClosed() {
        return state == CLOSED;
    }

    /** Sets {@code key} (dots nest: "response.status" is {@code {response: {status: ...}}}) to {@code value}. */
    public Context set(String key, Object value) {
        if (!sampled || key == null) {
            return this;
        }
        // Only a dotted key runs application code: it may copy a map the application set on the way down.
        boolean dotted = key.indexOf('.') >= 0;
        if (beginWrite(dotted)) {
            try {
                if (!dotted) {
                    body.put(key, value);
                } else {
                    String[] parts = DottedKeys.parts(key);
                    parentOf(parts).put(parts[parts.length - 1], value);
                }
            } finally {
                endWrite(dotted);
            }
        }
        return this;
    }

    /** Adds {@code amount} to the number at {@code key} (missing counts as 0). */
    public Context add(String key, Number amount) {
        if (sampled && key != null && amount != null && beginWrite(true)) {
            try {
                if (key.indexOf('.') < 0) {
                    body.add(key, amount);
                } else {
                    String[] parts = DottedKeys.parts(key);
                    parentOf(parts).add(parts[parts.length - 1], amount);
                }
            } finally {
                endWrite(true);
            }
        }
        return this;
    }

    /** Appends {@code value} to the list at {@code key} (missing starts a list). */
    public Context append(String key, Object value) {
        if (sampled && key != null && beginWrite(true)) {
            try {
                if (key.indexOf('.') < 0) {
                    body.append(key, value);
                } else {
                    String[] parts = DottedKeys.parts(key);
                    parentOf(parts).append(parts[parts.length - 1], value);
                }
            } finally {
                endWrite(true);
            }
        }
        return this;
    }

    /**
     * Claims the body for one write; false once the context is closed, or inside a write on this thread.
     * {@code runsApplicationCode}: the write may call the application (a Number's methods, a map's or a
     * list's iterator), which may write here again.
     */
    private boolean beginWrite(boolean runsApplicationCode) {
        if (!moveFromOpen(WRITING)) {
            return false;
        }
        if (runsApplicationCode) {
            writerId = Thread.currentThread().getId();
        }
        return true;
    }

    private void endWrite(boolean runsApplicationCode) {
        if (runsApplicationCode) {
            writerId = 0;
        }
        STATE.setRelease(this, OPEN);
    }

    /**
     * Moves the state from OPEN to {@code next}, waiting out another thread's write; false if closed, or
     * if this thread is inside a write already. The wait is a write's few puts, unless that write copies
     * a large map the application set.
     */
    private boolean moveFromOpen(int next) {
        for (int spins = 0; ; spins++) {
            int seen = (int) STATE.compareAndExchange(this, OPEN, next);
            if (seen == OPEN) {
                return true;
            }
            if (seen == CLOSED || writerId == Thread.currentThread().getId()) {
                return false;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** A timer that sets {@code key} to the seconds elapsed (a double) on this context when closed. */
    public Timer timeit(String key) {
        return sampled && key != null ? new Timer(this, key) : Timer.INERT;
    }

    /**
     * Makes this context current on the calling thread until the scope closes, e.g. to continue an async
     * request on another thread. Ziggy's {@code start()}.
     */
    public Scope attach() {
        if (emitter == null) {
            return NO_SCOPE;
        }
        ContextStack contexts = PerThread.contexts();
        ContextStack.Frame previous = contexts.top();
        contexts.push(this);
        return () -> PerThread.contexts().setTop(previous);
    }

    /**
     * Takes this context off the calling thread's stack without sending it, to be closed later, perhaps on
     * another thread. Ziggy's {@code stop()}.
     */
    public void detach() {
        if (emitter != null) {
            PerThread.contexts().remove(this);
        }
    }

    /** Takes the context off this thread's stack and, if sampled, sends its event. Only the first call counts. */
    @Override
    public void close() {
        if (emitter == null) {
            return;
        }
        if (!moveFromOpen(CLOSED)) {
            return;
        }
        PerThread thread = PerThread.get();
        thread.contexts.remove(this);
        if (sampled) {
            // Closed for good: no writer can touch the body any more, so it is read without the state, and
            // then this thread's next contexts may fill it again.
            emitter.emit(thread.encoder, idText, idHigh, idLow, type, start,
                    start + (System.nanoTime() - startNanos) / 1e9, body);
            thread.spares.giveBack(body);
        }
    }

    /** The document that holds the last part of a dotted key, made on the way down where missing. */
    private Fields parentOf(String[] parts) {
        Fields target = body;
        for (int i = 0; i < parts.length - 1; i++) {
            target = target.nested(parts[i]);
        }
        return target;
    }

    @Override
    public String toString() {
        return "Context[" + type + " " + id() + (sampled ? "" : " sampled out") + (isClosed() ? " closed" : "") + "]";
    }
}
