package ziggy.client;

/**
 * A context made current on this thread by {@link Context#attach()}; closing it puts back what was current
 * before. Closing twice, or on another thread, does nothing harmful.
 */
public interface Scope extends AutoCloseable {
    /** Puts back this thread's previous current context. Throws nothing. */
    @Override
    void close();
}
