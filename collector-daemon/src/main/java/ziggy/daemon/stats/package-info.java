/**
 * The daemon's counters, each written by exactly one thread (the collect I/O thread, or the stream
 * publisher for what it sent) with release stores, and read by the control thread for STATUS.
 *
 * <p>Invariant: no lock and no read-modify-write instruction on the hot path; a reader sees each
 * counter's value as of a recent moment, never a torn one (64-bit fields are volatile).
 */
package ziggy.daemon.stats;
