/**
 * Logging that every part shares: {@link ziggy.protocol.logging.RateLimitedLog}, one line a second
 * per reason for anything a peer, a disk or an input can repeat.
 */
package ziggy.protocol.logging;
