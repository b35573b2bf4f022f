package ziggy.client;

/**
 * The bodies (and the documents nested in them) of contexts this thread has closed and encoded, kept for the
 * next contexts it fills, so that an event's body costs no allocation once the thread has made a few.
 * A closed context's body is its closer's alone (every later write finds the context closed), so handing it
 * on is safe; only the owning thread ({@link PerThread}) uses its spares.
 */
final class SpareFields {
    /** Spares kept of each size: a few contexts open at once on a thread, each with a nested document or two. */
    private static final int KEPT = 8;
    /** How deep {@link #giveBack} looks for nested documents: a key of thousands of dots must not overflow the stack. */
    private static final int MAX_DEPTH = 8;
    private final Fields[] bodies = new Fields[KEPT];
    private final Fields[] nested = new Fields[KEPT];
    private int bodyCount;
    private int nestedCount;

    Fields body() {
        return bodyCount > 0 ? take(bodies, --bodyCount) : new Fields(Fields.BODY_KEYS);
    }

    Fields nested() {
        return nestedCount > 0 ? take(nested, --nestedCount) : new Fields(Fields.NESTED_KEYS);
    }

    private static Fields take(Fields[] spares, int at) {
        Fields spare = spares[at];
        spares[at] = null;
        return spare;
    }

    /**
     * Keeps {@code used} and the documents nested in it, emptied, unless they grew past their first size or
     * there is no room; what is not kept is left to the collector.
     */
    void giveBack(Fields used) {
        giveBack(used, 0);
    }

    private void giveBack(Fields used, int depth) {
        if (depth < MAX_DEPTH) {
            for (int i = 0; i < used.size(); i++) {
                if (used.valueAt(i) instanceof Fields inner) {
                    giveBack(inner, depth + 1);
                }
            }
        }
        int capacity = used.capacity();
        if (capacity == Fields.BODY_KEYS && bodyCount < KEPT) {
            used.clear();
            bodies[bodyCount++] = used;
        } else if (capacity == Fields.NESTED_KEYS && nestedCount < KEPT) {
            used.clear();
            nested[nestedCount++] = used;
        }
    }
}
