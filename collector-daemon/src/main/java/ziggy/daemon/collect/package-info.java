/**
 * The collect path: {@link ziggy.daemon.collect.EventIntake} takes each message from the collect
 * endpoint on the endpoint's I/O thread, scans it, counts it, appends it to its day file and offers
 * it to the stream, all on that one thread.
 *
 * <p>Invariants: per event, no object is made (types and hosts are found by their bytes in
 * {@link ziggy.daemon.collect.ByteKeyTable}; only a type or host never seen before costs a String),
 * no system call is made (buffers are written on loop turns), and no lock is taken. A bad message
 * is counted under its reason and logged at most once a second per reason; it never costs another.
 */
package ziggy.daemon.collect;
