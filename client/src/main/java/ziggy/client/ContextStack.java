package ziggy.client;

/**
 * One thread's open contexts, innermost first, as an immutable linked list of frames ({@link PerThread}
 * keeps one per thread).
 *
 * <p>Frames never change once made, so a task can carry the whole list to another thread
 * ({@link Ziggy#wrap(Runnable)}) and a context can be current on two threads at once
 * ({@link Context#attach()}) without sharing anything mutable. A context closed elsewhere (say, an async
 * request finished on another thread) may still sit in this thread's list; {@link #current()} skips it.
 * Only its own thread uses a stack.
 */
final class ContextStack {
    /** One open context and the frames below it. */
    record Frame(Context context, Frame below) {
    }

    private Frame top;

    /** The innermost context still open on this thread, or null. */
    Context current() {
        if (top == null || !top.context().isClosed()) {
            return top == null ? null : top.context();
        }
        top = firstOpen(top);
        return top == null ? null : top.context();
    }

    /** The innermost open context of this exact type on this thread, or null. */
    Context find(String type) {
        for (Frame f = top; f != null; f = f.below()) {
            if (!f.context().isClosed() && f.context().type().equals(type)) {
                return f.context();
            }
        }
        return null;
    }

    Frame top() {
        return top;
    }

    void push(Context context) {
        top = new Frame(context, top);
    }

    /** Makes {@code frame} this thread's list and returns the list it replaces. */
    Frame install(Frame frame) {
        Frame previous = top;
        top = frame;
        return previous;
    }

    void setTop(Frame frame) {
        top = frame;
    }

    /** Takes {@code context} out of this thread's list, wherever it is; nothing if it is not there. */
    void remove(Context context) {
        if (top == null) {
            return;
        }
        if (top.context() == context) {
            top = firstOpen(top.below());
            return;
        }
        top = without(top, context);
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
