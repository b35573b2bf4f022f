/**
 * The agent's upstream sender: reads the disk queue from the acknowledged seq + 1, sends two-frame batches
 * over PUSH, asks the upstream's control port {@code COMMITTED} and acknowledges the answer in the queue.
 *
 * <p>Invariants: an event leaves the queue only once the upstream says it holds it durably (or, for an
 * original Ziggy upstream that cannot say, once the socket took it); every connection carries seqs in
 * increasing order from the acknowledged seq + 1, and a connection that ends is never reused, so the
 * upstream never sees a newer seq before an older one lost in flight is sent again.
 */
package ziggy.forward;
