/**
 * A Logback appender for SLF4J applications: each logging event written while a Ziggy context is open on
 * the logging thread becomes a {@code <parent>.log} sub-event, as Ziggy's {@code LogHandler} does for Python.
 *
 * <p>Invariant: the appender never throws into the logging call and never logs through Logback itself (a
 * failure goes to Logback's status manager), so it cannot feed back into itself. It must run on the thread
 * that logs (not behind an {@code AsyncAppender}), because the current context is per thread.
 */
package ziggy.client.logback;
