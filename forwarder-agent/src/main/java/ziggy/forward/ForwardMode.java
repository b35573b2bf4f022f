package ziggy.forward;

/** How the forwarder talks to its current upstream. */
public enum ForwardMode {
    /** No working upstream yet: connecting, or waiting to try again. */
    CONNECTING,
    /** Two-frame batches, acknowledged through {@code COMMITTED}: nothing is lost or written twice. */
    BATCHES,
    /**
     * The upstream answered {@code COMMITTED} with an error: an original Ziggy daemon. Events go as single
     * frames and leave the queue once the socket took them; events in flight when it dies are lost.
     */
    SINGLE_FRAMES,
    /**
     * Records to a Kafka topic ({@link KafkaForwarder}), released from the queue once Kafka acknowledged
     * them ({@code acks=all}, idempotent producer).
     */
    KAFKA
}
