package ziggy.client;

/**
 * What the client keeps for each application thread, behind one thread-local lookup: the thread's open
 * contexts, the encoder it makes events with and the bodies of its closed contexts for reuse. An event used to look up five thread-locals (two per
 * stack change, one for the id's scratch, one for the encoder); now it looks up one when it opens and one
 * when it closes.
 */
final class PerThread {
    private static final ThreadLocal<PerThread> OF_THREAD = ThreadLocal.withInitial(PerThread::new);

    final ContextStack contexts = new ContextStack();
    final EventEncoder encoder = new EventEncoder();
    final SpareFields spares = new SpareFields();

    private PerThread() {
    }

    static PerThread get() {
        return OF_THREAD.get();
    }

    /** This thread's open contexts. */
    static ContextStack contexts() {
        return OF_THREAD.get().contexts;
    }
}
