package ziggy.forward;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import ziggy.testing.KafkaBroker;

/**
 * Reads a whole topic from its beginning, every partition assigned (no group, so no rebalance to wait
 * for), keeping every record: a test's view of what a forwarder put there.
 */
final class TopicReader implements AutoCloseable {
    /** One record as the forwarder made it. */
    record Forwarded(String key, byte[] value, String source, long seq) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Forwarded> records = new ArrayList<>();

    TopicReader(KafkaBroker broker, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once (up to {@code wait}) and returns how many records have been read in all. */
    int poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            records.add(new Forwarded(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                    record.value(), header(record, KafkaForwarder.SOURCE_HEADER),
                    Long.parseLong(header(record, KafkaForwarder.SEQ_HEADER))));
        }
        return records.size();
    }

    /** Polls until {@code count} records were read or {@code limit} passed; then polls on for {@code settle} to catch extras. */
    List<Forwarded> readAtLeast(int count, Duration limit, Duration settle) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        long settled = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < settled) {
            poll(Duration.ofMillis(100));
        }
        return List.copyOf(records);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            throw new AssertionError("a record without " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
