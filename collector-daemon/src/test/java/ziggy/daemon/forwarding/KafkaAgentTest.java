package ziggy.daemon.forwarding;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import ziggy.daemon.DaemonSettings;
import ziggy.daemon.ForwardingTestKit;
import ziggy.daemon.RunningDaemon;
import ziggy.daemon.agent.ForwardSettings;
import ziggy.forward.ForwarderOptions;
import ziggy.forward.KafkaForwarder;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.KafkaBroker;

/**
 * An agent daemon with {@code --forward=kafka://…} against a real broker: what its clients send reaches the
 * topic once each, keyed by type with the agent's source and seqs, and STATUS {@code forward} shows the Kafka side.
 */
class KafkaAgentTest {
    @TempDir
    Path folder;

    @Test
    void anAgentsEventsReachTheTopicOnceEachAndStatusShowsTheKafkaSide() throws Exception {
        int events = 2_000;
        try (KafkaBroker broker = KafkaBroker.started(); ZContext zmq = new ZContext(1)) {
            broker.createTopic("agent-events", 2);
            ForwardSettings forward = new ForwardSettings(folder.resolve("queue"),
                    QueueOptions.of(1L << 30, FullPolicy.parse("block"), FsyncPolicy.parse(FsyncPolicy.DEFAULT_TEXT)),
                    List.of(), ForwarderOptions.defaults(),
                    KafkaTarget.parse("kafka://" + broker.bootstrap() + "/agent-events", "--forward"));
            Endpoint collect = ForwardingTestKit.loopback();
            Endpoint control = ForwardingTestKit.loopback();
            RunningDaemon agent = RunningDaemon.start(new DaemonSettings(collect, control, null, ZoneOffset.UTC,
                    DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(60), true, forward));
            try (ControlClient status = new ControlClient(control, Duration.ofSeconds(2))) {
                ForwardingTestKit.send(zmq, collect, "k", 0, events);
                await().atMost(Duration.ofSeconds(60)).until(() -> ForwardingTestKit.acknowledged(status) == events);
                BsonDocument forwardStatus = status.status().getDocument(StatusKeys.FORWARD);
                assertEquals("kafka", forwardStatus.getString(StatusKeys.FORWARD_MODE).getValue());
                assertEquals("kafka://" + broker.bootstrap() + "/agent-events",
                        forwardStatus.getString(StatusKeys.FORWARD_UPSTREAM).getValue());
                assertEquals(0, forwardStatus.getInt64(StatusKeys.FORWARD_IN_FLIGHT).getValue());
                assertEquals(0, forwardStatus.getInt64(StatusKeys.FORWARD_ERRORS).getValue());
                String source = forwardStatus.getString(StatusKeys.FORWARD_SOURCE).getValue();

                Map<String, Integer> ids = new HashMap<>();
                try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, "agent-events")) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    int read = 0;
                    while (read < events && System.nanoTime() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            read++;
                            BsonDocument event = ControlReplies.decode(record.value());
                            assertEquals(event.getString("type").getValue(), new String(record.key(), StandardCharsets.UTF_8));
                            assertEquals(source, new String(record.headers().lastHeader(KafkaForwarder.SOURCE_HEADER).value(),
                                    StandardCharsets.UTF_8));
                            ids.merge(event.getString("id").getValue(), 1, Integer::sum);
                        }
                    }
                }
                assertEquals(ForwardingTestKit.ids("k", events), ids, "every id once");
            } finally {
                agent.stop();
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(KafkaBroker broker, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
