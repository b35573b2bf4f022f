package ziggy.forward;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.protocol.control.ControlReplies;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.ChildJvm;
import ziggy.testing.KafkaBroker;

/**
 * The Kafka forwarder against a real KRaft broker (one for the class; each test has its own topic): every
 * event reaches the topic once with its headers; a broker away makes the queue hold, then drain, each event
 * once; an agent killed with -9 mid-stream sends again from what Kafka acknowledged, and the
 * ({@code ziggy-src}, {@code ziggy-seq}) headers let a consumer drop the resends.
 */
class KafkaForwarderTest {
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.started();
    }

    /** A test that failed while the broker was stopped leaves it running again for the next. */
    @AfterEach
    void brokerRunsAgain() {
        if (!broker.isRunning()) {
            broker.start();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyEventReachesTheTopicOnceKeyedByItsTypeWithItsSourceAndSeq() throws Exception {
        int events = 5_000;
        broker.createTopic("every-event", 3);
        try (DiskQueue queue = openQueue(dir.resolve("queue"))) {
            append(queue, 0, events);
            try (KafkaForwarder forwarder = new KafkaForwarder(queue, target("every-event"), KafkaForwarderOptions.defaults())) {
                forwarder.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> queue.stats().acknowledgedSeq() == events);
                ForwarderStatus status = forwarder.status();
                assertEquals(ForwardMode.KAFKA, status.mode());
                assertEquals(events, status.acknowledgedSeq());
                assertEquals(0, status.inFlight());
                assertEquals(0, status.errors());
                assertTrue(status.connected());
            }
            try (TopicReader reader = new TopicReader(broker, "every-event")) {
                List<TopicReader.Forwarded> records = reader.readAtLeast(events, Duration.ofSeconds(30), Duration.ofMillis(500));
                assertEquals(events, records.size(), "each event once");
                Map<Long, Integer> ids = new HashMap<>();
                for (TopicReader.Forwarded record : records) {
                    long id = idOf(record.value());
                    ids.merge(id, 1, Integer::sum);
                    assertEquals(queue.sourceId(), record.source());
                    assertEquals(id + 1, record.seq(), "the queue's seq of event " + id);
                    assertEquals(typeOf(id), record.key());
                    assertArrayEquals(event(id), record.value(), "the event's bytes as they were queued");
                }
                assertEquals(events, ids.size());
            }
        }
    }

    @Test
    void withTheBrokerAwayTheQueueHoldsThenDrainsEachEventOnce() throws Exception {
        broker.createTopic("broker-away", 2);
        try (DiskQueue queue = openQueue(dir.resolve("queue"));
             KafkaForwarder forwarder = new KafkaForwarder(queue, target("broker-away"), KafkaForwarderOptions.defaults())) {
            forwarder.start();
            append(queue, 0, 1_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> queue.stats().acknowledgedSeq() == 1_000);
            broker.stop();
            append(queue, 1_000, 3_000);
            Thread.sleep(3_000);
            assertEquals(1_000, queue.stats().acknowledgedSeq(), "nothing released while the broker is away");
            assertEquals(2_000, queue.stats().events(), "the queue holds the events sent meanwhile");
            assertFalse(forwarder.status().connected(), "STATUS says the broker does not answer");
            broker.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> queue.stats().acknowledgedSeq() == 3_000);
            try (TopicReader reader = new TopicReader(broker, "broker-away")) {
                List<TopicReader.Forwarded> records = reader.readAtLeast(3_000, Duration.ofSeconds(30), Duration.ofMillis(500));
                Map<Long, Integer> ids = new HashMap<>();
                records.forEach(record -> ids.merge(idOf(record.value()), 1, Integer::sum));
                assertEquals(3_000, ids.size(), "every event");
                assertEquals(3_000, records.size(), "each once: the idempotent producer's retries wrote nothing twice"
                        + " (errors " + forwarder.status().errors() + ")");
            }
        }
    }

    @Test
    void aTopicThatDoesNotExistYetHoldsTheQueueCountsErrorsAndDrainsOnceItIsCreated() throws Exception {
        try (DiskQueue queue = openQueue(dir.resolve("queue"));
             KafkaForwarder forwarder = new KafkaForwarder(queue, target("made-later"), KafkaForwarderOptions.defaults())) {
            append(queue, 0, 500);
            forwarder.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> forwarder.status().errors() >= 2);
            assertFalse(forwarder.status().connected());
            assertTrue(forwarder.lastError().contains("made-later"), forwarder.lastError());
            assertEquals(0, queue.stats().acknowledgedSeq(), "nothing released");
            broker.createTopic("made-later", 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> queue.stats().acknowledgedSeq() == 500);
            assertTrue(forwarder.status().connected());
            try (TopicReader reader = new TopicReader(broker, "made-later")) {
                assertEquals(500, reader.readAtLeast(500, Duration.ofSeconds(30), Duration.ofMillis(300)).size());
            }
        }
    }

    @Test
    void anAgentKilledMidStreamSendsAgainAndTheHeadersLetAConsumerDropTheResends() throws Exception {
        int events = 30_000;
        broker.createTopic("kill-nine", 2);
        Path folder = dir.resolve("queue");
        String source;
        try (DiskQueue queue = openQueue(folder)) {
            append(queue, 0, events);
            source = queue.sourceId();
        }
        String[] args = {folder.toString(), broker.bootstrap(), "kill-nine"};
        try (TopicReader reader = new TopicReader(broker, "kill-nine")) {
            try (ChildJvm agent = ChildJvm.start(KafkaForwarderMain.class, List.of("-Xmx256m"), args)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (reader.poll(Duration.ofMillis(20)) < 3_000 && agent.isAlive() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertTrue(agent.isAlive(), agent.output());
                agent.kill9();
            }
            int beforeRestart = reader.poll(Duration.ofMillis(100));
            assertTrue(beforeRestart < events, "the kill came while a backlog was left (" + beforeRestart + " in the topic)");
            List<TopicReader.Forwarded> records;
            try (ChildJvm agent = ChildJvm.start(KafkaForwarderMain.class, List.of("-Xmx256m"), args)) {
                Map<Long, byte[]> bySeq = new HashMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline && agent.isAlive()) {
                    reader.poll(Duration.ofMillis(200));
                    records = reader.readAtLeast(0, Duration.ZERO, Duration.ZERO);
                    records.forEach(record -> bySeq.putIfAbsent(record.seq(), record.value()));
                    if (bySeq.size() == events) {
                        break;
                    }
                }
                assertTrue(agent.isAlive(), agent.output());
                assertEquals(events, bySeq.size(), "every seq reached the topic");
            }
            records = reader.readAtLeast(0, Duration.ZERO, Duration.ofMillis(500));
            Map<Long, byte[]> kept = new HashMap<>();
            int resent = 0;
            for (TopicReader.Forwarded record : records) {
                assertEquals(source, record.source());
                byte[] first = kept.putIfAbsent(record.seq(), record.value());
                if (first != null) {
                    resent++;
                    assertArrayEquals(first, record.value(), "a resend of seq " + record.seq() + " is the same event");
                }
            }
            assertEquals(events, kept.size(), "after dropping resends by (src, seq): every event once");
            Map<Long, Integer> ids = new HashMap<>();
            kept.values().forEach(value -> ids.merge(idOf(value), 1, Integer::sum));
            assertEquals(events, ids.size(), "every id once (" + resent + " resends dropped)");
        }
    }

    @Test
    void anEventLargerThanTheTopicTakesIsSetAsideCountedAndHoldsNothingBack() throws Exception {
        // The broker takes records of about 1 MiB (message.max.bytes as shipped); the queue, events of 16 MiB.
        broker.createTopic("too-large", 1);
        try (DiskQueue queue = openQueue(dir.resolve("queue"))) {
            append(queue, 0, 5);
            byte[] large = ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                    .append("id", new BsonInt64(-1)).append("body", new BsonString("x".repeat(2 << 20))));
            queue.append(ByteBuffer.wrap(large), 0, large.length);
            append(queue, 5, 10);
            try (KafkaForwarder forwarder = new KafkaForwarder(queue, target("too-large"), KafkaForwarderOptions.defaults())) {
                forwarder.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> queue.stats().acknowledgedSeq() == 11);
                assertEquals(1, forwarder.status().tooLarge(), "the large event, counted");
            }
            assertArrayEquals(large, Files.readAllBytes(dir.resolve("queue").resolve(SetAsideFile.NAME)),
                    "and kept in the queue folder");
            try (TopicReader reader = new TopicReader(broker, "too-large")) {
                List<TopicReader.Forwarded> records = reader.readAtLeast(10, Duration.ofSeconds(30), Duration.ofMillis(500));
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
                        records.stream().map(record -> idOf(record.value())).sorted().toList(), "every other event, once");
            }
        }
    }

    private static KafkaTarget target(String topic) {
        return KafkaTarget.parse("kafka://" + broker.bootstrap() + "/" + topic, "--forward");
    }

    private static DiskQueue openQueue(Path folder) throws Exception {
        return DiskQueue.open(folder, QueueOptions.of(256L << 20, FullPolicy.BLOCK, FsyncPolicy.DEFAULT));
    }

    private static String typeOf(long id) {
        return id % 2 == 0 ? "request" : "request.sql";
    }

    private static byte[] event(long id) {
        return ControlReplies.encode(new BsonDocument("type", new BsonString(typeOf(id)))
                .append("id", new BsonInt64(id))
                .append("body", new BsonString("x".repeat((int) (id % 200)))));
    }

    private static long idOf(byte[] event) {
        return ControlReplies.decode(event).getInt64("id").getValue();
    }

    /** Appends events with ids [from, to) and ends the batch. */
    private static void append(DiskQueue queue, long from, long to) {
        for (long id = from; id < to; id++) {
            byte[] event = event(id);
            if (queue.append(ByteBuffer.wrap(event), 0, event.length) == DiskQueue.REJECTED) {
                throw new AssertionError("queue rejected event " + id);
            }
        }
        queue.endBatch();
    }
}
