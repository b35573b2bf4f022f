package ziggy.forward;

import java.io.IOException;

/**
 * What drains an agent's disk queue to the next hop and frees its events once that hop holds them:
 * upstream daemons over ZMTP ({@link QueueForwarder}) or a Kafka topic ({@link KafkaForwarder}).
 */
public interface Forwarder extends AutoCloseable {
    /** Starts the forwarder's thread; {@code whenItDies} hears of an {@code Error} that ends it. */
    void start(Thread.UncaughtExceptionHandler whenItDies);

    ForwarderStatus status();

    /** Stops the thread; the queue stays open (its owner closes it). */
    @Override
    void close() throws IOException;
}
