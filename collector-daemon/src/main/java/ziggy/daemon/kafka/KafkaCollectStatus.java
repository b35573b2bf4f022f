package ziggy.daemon.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

import ziggy.daemon.collect.ConsumedPartitions;
import ziggy.protocol.control.StatusKeys;

/**
 * STATUS's {@code kafka} section of a master consuming from Kafka (keys: {@link StatusKeys}), and the health
 * check's view of it: the consumer thread publishes what it knows once a second and at each rebalance; any
 * thread reads it.
 */
public final class KafkaCollectStatus {
    private final KafkaCollectSettings settings;
    private final ConsumedPartitions partitions;
    private final AtomicLong rebalances = new AtomicLong();
    private final AtomicLong rewinds = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile List<PartitionView> owned = List.of();
    private volatile boolean connected;
    private volatile long lastConnectedNanos = startNanos;
    private volatile String lastError = "";

    /** One partition this master owns. */
    public record PartitionView(String partition, long nextOffset, long readOffset, long lag) {
    }

    KafkaCollectStatus(KafkaCollectSettings settings, ConsumedPartitions partitions) {
        this.settings = settings;
        this.partitions = partitions;
    }

    void update(List<PartitionView> views, boolean inGroup) {
        owned = List.copyOf(views);
        connected = inGroup;
        if (inGroup) {
            lastConnectedNanos = System.nanoTime();
        }
    }

    void rebalanced() {
        rebalances.incrementAndGet();
    }

    void rewound() {
        rewinds.incrementAndGet();
    }

    void error(Exception e) {
        errors.incrementAndGet();
        lastError = String.valueOf(e.getMessage());
    }

    /** Appends the {@code kafka} section. */
    public void appendTo(BsonDocument status) {
        BsonArray views = new BsonArray();
        for (PartitionView view : owned) {
            views.add(new BsonDocument(StatusKeys.KAFKA_PARTITION, new BsonString(view.partition()))
                    .append(StatusKeys.KAFKA_NEXT_OFFSET, new BsonInt64(view.nextOffset()))
                    .append(StatusKeys.KAFKA_READ_OFFSET, new BsonInt64(view.readOffset()))
                    .append(StatusKeys.KAFKA_LAG, new BsonInt64(view.lag())));
        }
        status.append(StatusKeys.KAFKA, new BsonDocument()
                .append(StatusKeys.KAFKA_UPSTREAM, new BsonString(settings.target().toString()))
                .append(StatusKeys.KAFKA_GROUP, new BsonString(settings.group()))
                .append(StatusKeys.KAFKA_CONNECTED, BsonBoolean.valueOf(connected))
                .append(StatusKeys.KAFKA_PARTITIONS, views)
                .append(StatusKeys.KAFKA_RECORDS, new BsonInt64(partitions.records()))
                .append(StatusKeys.KAFKA_SUPERSEDED, new BsonInt64(partitions.superseded()))
                .append(StatusKeys.KAFKA_DECLINED, new BsonInt64(partitions.declined()))
                .append(StatusKeys.KAFKA_REBALANCES, new BsonInt64(rebalances.get()))
                .append(StatusKeys.KAFKA_ERRORS, new BsonInt64(errors.get()))
                .append(StatusKeys.KAFKA_LAST_ERROR, new BsonString(lastError)));
    }

    /** Empty while the consumer is in its group or was within {@code grace}; else why not. */
    Optional<String> problem(Duration grace) {
        long away = System.nanoTime() - lastConnectedNanos;
        if (connected || away < grace.toNanos()) {
            return Optional.empty();
        }
        return Optional.of("the Kafka consumer of " + settings + " has not been in its group for " + away / 1_000_000_000L
                + " s" + (lastError.isEmpty() ? "" : " (last error: " + lastError + ")"));
    }
}
