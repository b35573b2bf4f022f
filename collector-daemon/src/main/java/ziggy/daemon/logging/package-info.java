/**
 * How ziggyd logs: one line per record on stderr (set up once, in {@link ziggy.daemon.logging.LogSetup}),
 * through {@code java.lang.System.Logger} backed by java.util.logging; and at most one line a second
 * per reason for anything a peer can repeat (control-protocol's {@link ziggy.protocol.logging.RateLimitedLog},
 * which every part shares).
 */
package ziggy.daemon.logging;
