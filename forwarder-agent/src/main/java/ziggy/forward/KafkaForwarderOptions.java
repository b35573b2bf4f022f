package ziggy.forward;

import java.time.Duration;

/**
 * The Kafka forwarder's sizes and timings.
 *
 * @param maxBatchEvents  the most events read from the queue at once
 * @param maxBatchBytes   the most event bytes read at once (a bigger single event is read alone)
 * @param maxInFlight     the most records sent and not yet acknowledged; sending pauses there
 * @param retryAfter      after a failure, the wait before a new producer sends again from the released seq + 1
 * @param requestTimeout  the producer's {@code request.timeout.ms}
 * @param deliveryTimeout the producer's {@code delivery.timeout.ms}: how long it retries a record by itself
 *                        (a broker away for less writes nothing twice); past it the record fails and is sent again
 * @param maxBlock        the producer's {@code max.block.ms}: the longest a send waits for metadata or buffer room
 * @param closeWait       on a stop, how long the producer may finish what is in flight
 */
public record KafkaForwarderOptions(int maxBatchEvents, int maxBatchBytes, int maxInFlight, Duration retryAfter,
                                    Duration requestTimeout, Duration deliveryTimeout, Duration maxBlock,
                                    Duration closeWait) {

    public static KafkaForwarderOptions defaults() {
        return new KafkaForwarderOptions(4096, 1 << 20, 20_000, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    public KafkaForwarderOptions withMaxInFlight(int records) {
        return new KafkaForwarderOptions(maxBatchEvents, maxBatchBytes, records, retryAfter, requestTimeout,
                deliveryTimeout, maxBlock, closeWait);
    }
}
