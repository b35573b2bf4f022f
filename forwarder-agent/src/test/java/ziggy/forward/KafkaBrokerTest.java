package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import ziggy.testing.KafkaBroker;

/** The test broker itself: a real KRaft node that takes records with acks=all and idempotence and gives them back. */
class KafkaBrokerTest {
    @Test
    void aBrokerFromTheMavenJarsTakesTenThousandIdempotentRecordsAndGivesThemBack() throws Exception {
        int records = 10_000;
        try (KafkaBroker broker = KafkaBroker.started()) {
            broker.createTopic("events", 2);
            Properties producerConfig = new Properties();
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    sent.add(producer.send(new ProducerRecord<>("events", bytes("k" + (i % 7)), bytes("record-" + i))));
                }
                for (Future<RecordMetadata> one : sent) {
                    one.get();
                }
            }
            Set<String> seen = new HashSet<>();
            int read = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker)) {
                consumer.subscribe(List.of("events"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (read < records && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(new String(record.value(), StandardCharsets.UTF_8));
                        read++;
                    }
                }
            }
            assertEquals(records, read, "records read back");
            assertEquals(records, seen.size(), "each record once");
        }
    }

    static KafkaConsumer<byte[], byte[]> consumer(KafkaBroker broker) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
