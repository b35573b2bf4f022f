/**
 * The agent's upstream senders, each draining the disk queue from the acknowledged seq + 1: {@link
 * ziggy.forward.QueueForwarder} sends two-frame batches over PUSH to upstream daemons, asks their control port
 * {@code COMMITTED} and acknowledges the answer in the queue; {@link ziggy.forward.KafkaForwarder} sends one
 * Kafka record an event and acknowledges in the queue what Kafka acknowledged, in order.
 *
 * <p>Invariants: an event leaves the queue only once the next hop says it holds it durably (or, for an
 * original Ziggy upstream that cannot say, once the socket took it); every connection carries seqs in
 * increasing order from the acknowledged seq + 1, and a connection that ends is never reused, so the
 * upstream never sees a newer seq before an older one lost in flight is sent again. Kafka may hold an
 * event twice after a failure (never none); its {@code ziggy-src} and {@code ziggy-seq} headers name the resend.
 */
package ziggy.forward;
