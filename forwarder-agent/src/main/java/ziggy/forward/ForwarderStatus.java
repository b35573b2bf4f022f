package ziggy.forward;

/**
 * The forwarder's state for STATUS.
 *
 * @param upstream        the upstream it uses or tries now ({@code host:port} of its collect port; for Kafka
 *                        {@code kafka://brokers/topic})
 * @param connected       whether a connection to it is up
 * @param mode            batches, single frames (an original Ziggy upstream) or connecting
 * @param sentSeq         the highest seq sent on the current connection
 * @param acknowledgedSeq the highest seq the upstream holds durably (in single-frame mode: handed to the socket)
 * @param batches         batches sent since start (for Kafka: records sent, resends included)
 * @param resends         times it went back over events it had sent and the upstream had not acknowledged,
 *                        to send them again (a connection that ended with events in flight, an upstream
 *                        that acknowledged nothing for resendAfter); a reconnect counts once
 * @param failovers       times it moved to another upstream
 * @param inFlight        events sent and not yet acknowledged (for Kafka: records awaiting their acknowledgement)
 * @param errors          failures that made it start over from the acknowledged seq (Kafka: failed records,
 *                        sends that could not be buffered); the ZMTP forwarder counts those as resends only
 * @param tooLarge        events set aside as larger than the upstream takes: refused by Kafka
 *                        ({@code RecordTooLargeException}), or more than a daemon upstream's message limit
 * @param refused         why the upstream refuses this agent's batches, as its last {@code COMMITTED} answer said
 *                        ({@code too_many_sources}); empty while it takes them
 */
public record ForwarderStatus(String upstream, boolean connected, ForwardMode mode, long sentSeq, long acknowledgedSeq,
                              long batches, long resends, long failovers, long inFlight, long errors, long tooLarge,
                              String refused) {
}
