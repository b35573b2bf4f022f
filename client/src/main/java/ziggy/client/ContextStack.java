package ziggy.client;

/**
 * Each thread's open contexts, innermost first, as an immutable linked list of frames in a thread-local.
 *
 * <p>Frames never change once made, so a task can carry the whole list to another thread
 * ({@link Ziggy#wrap(Runnable)}) and a context can be current on two threads at once
 * ({@link Context#attach()}) without sharing anything mutable. A context closed elsewhere (say, an async
 * request finished on another thread) may still sit in this thread's list; {@link #current()} skips it.
 */
final class ContextStack {
    /** One open context and the frames below it. */
    record Frame(Context context, Frame below) {
    }

    private static final ThreadLocal<Frame> TOP = new ThreadLocal<>();

    private ContextStack() {
    }

    /** The innermost context still open on this thread, or null. */
    static Context current() {
        Frame top = TOP.get();
        if (top == null || !top.context().isClosed()) {
            return top == null ? null : top.context();
        }
        Frame open = firstOpen(top);
        TOP.set(open);
        return open == null ? null : open.context();
    }

    /** The innermost open context of this exact type on this thread, or null. */
    static Context find(String type) {
        for (Frame f = TOP.get(); f != null; f = f.below()) {
            if (!f.context().isClosed() && f.context().type().equals(type)) {
                return f.context();
            }
        }
        return null;
    }

    static Frame top() {
        return TOP.get();
    }

    static void push(Context context) {
        TOP.set(new Frame(context, TOP.get()));
    }

    /** Makes {@code frame} this thread's list and returns the list it replaces. */
    static Frame install(Frame frame) {
        Frame previous = TOP.get();
        setTop(frame);
        return previous;
    }

    static void setTop(Frame frame) {
        // set(null), never remove(): removing drops the thread-local map's entry, and the next push on this
        // thread would allocate a new one, once per top-level context.
        TOP.set(frame);
    }

    /** Takes {@code context} out of this thread's list, wherever it is; nothing if it is not there. */
    static void remove(Context context) {
        Frame top = TOP.get();
        if (top == null) {
            return;
        }
        if (top.context() == context) {
            setTop(firstOpen(top.below()));
            return;
        }
        Frame rebuilt = without(top, context);
        if (rebuilt != top) {
            setTop(rebuilt);
        }
    }

    private static Frame without(Frame frame, Context context) {
        if (frame == null) {
            return null;
        }
        if (frame.context() == context) {
            return frame.below();
        }
        Frame below = without(frame.below(), context);
        return below == frame.below() ? frame : new Frame(frame.context(), below);
    }

    private static Frame firstOpen(Frame frame) {
        while (frame != null && frame.context().isClosed()) {
            frame = frame.below();
        }
        return frame;
    }
}
