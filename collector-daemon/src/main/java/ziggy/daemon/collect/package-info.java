/**
 * The collect path: {@link ziggy.daemon.collect.EventIntake} takes each message from the collect
 * endpoint on the endpoint's I/O thread, scans it, counts it, appends it to its day file and offers
 * it to the stream, all on that one thread. It only dispatches: a single event goes to
 * {@link ziggy.daemon.collect.SingleEventIntake}, a forwarder's batch to {@link ziggy.daemon.collect.BatchIntake}
 * (which takes each new seq as a single event and marks it), refusals to {@link ziggy.daemon.collect.Rejections};
 * what is acknowledged, and when, is custody's ({@code ziggy.storage.custody}).
 *
 * <p>Invariants: per event, no object is made (types and hosts are found by their bytes in
 * {@link ziggy.daemon.collect.ByteKeyTable}; only a type or host never seen before costs a String),
 * no system call is made (buffers are written on loop turns), and no lock is taken. A bad message
 * is counted under its reason and logged at most once a second per reason; it never costs another.
 */
package ziggy.daemon.collect;
