package ziggy.view;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import ziggy.testing.KafkaBroker;
import ziggy.testing.TestEvents;
import ziggy.testing.ToolRun;

/**
 * {@code ziggyview --kafka} against a real broker: the events of every partition of the topic agents forward to,
 * filtered as ziggyview filters a stream, without joining a consumer group.
 */
class ZiggyviewKafkaTest {
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.started();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void theTopicsEventsOfEveryPartitionArePrintedFromTheBeginningFilteredByType() throws Exception {
        broker.createTopic("fleet", 3);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int n = 0; n < 6; n++) {
                String type = n % 2 == 0 ? "request" : "login";
                send(producer, "fleet", type, TestEvents.bson("{type: '" + type + "', n: " + n + "}"));
            }
            send(producer, "fleet", "request", new byte[] {9, 9, 9});
            producer.flush();
        }

        ToolRun view = ToolRun.run(Ziggyview.class, null, "--kafka=kafka://" + broker.bootstrap() + "/fleet",
                "--from-beginning", "--type-name=request", "--limit=3");

        assertEquals(0, view.exitCode(), view.stderr());
        List<Integer> printed = view.jsonLines().stream().map(event -> event.get("n").asInt()).sorted().toList();
        assertEquals(List.of(0, 2, 4), printed);
        assertFalse(view.stderr().contains("INFO"), "the Kafka client's own log stays quiet: " + view.stderr());
    }

    @Test
    void fromTheEndOnlyNewEventsArePrinted() throws Exception {
        broker.createTopic("live", 1);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, "live", "request", TestEvents.bson("{type: 'request', n: 1}"));
            producer.flush();
            try (ToolRun view = ToolRun.start(Ziggyview.class, null, List.of(), "--kafka=kafka://" + broker.bootstrap() + "/live",
                    "--limit=1")) {
                // Sent until the follower, which starts at the end, has seen one: it must never print n=1.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    send(producer, "live", "request", TestEvents.bson("{type: 'request', n: 2}"));
                    producer.flush();
                    return view.hasExited();
                });
                assertEquals(0, view.awaitExit(Duration.ofSeconds(5)), view.stderr());
                List<JsonNode> lines = view.jsonLines();
                assertEquals(1, lines.size(), view.stdout());
                assertEquals(2, lines.get(0).get("n").asInt());
            }
        }
    }

    @Test
    void aTopicTheBrokersDoNotKnowIsOneLineAndExitOne() {
        ToolRun view = ToolRun.run(Ziggyview.class, null, "--kafka=kafka://" + broker.bootstrap() + "/no-such-topic",
                "--timeout=5");
        view.assertOneLineFailure(1);
        assertTrue(view.stderr().contains("no-such-topic"), view.stderr());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String type, byte[] value) {
        producer.send(new ProducerRecord<>(topic, type.getBytes(StandardCharsets.UTF_8), value));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
