/**
 * How ziggyd logs: one line per record on stderr (set up once, in {@link ziggy.daemon.logging.LogSetup}),
 * through {@code java.lang.System.Logger} backed by java.util.logging; and at most one line a second
 * per reason for anything a peer can repeat ({@link ziggy.daemon.logging.RateLimitedLog}).
 */
package ziggy.daemon.logging;
