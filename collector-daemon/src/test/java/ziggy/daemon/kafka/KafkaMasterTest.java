package ziggy.daemon.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.forward.KafkaForwarder;
import ziggy.protocol.control.StatusKeys;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.KafkaBroker;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * Agents → Kafka → masters, every part real: a KRaft broker from the Maven jars, agents and masters as ziggyd
 * child processes killed with -9, and the day files read back. Each id must be in the masters' files once.
 */
class KafkaMasterTest {
    private static final Duration DRAINED = Duration.ofSeconds(120);
    private static KafkaBroker broker;

    @TempDir
    Path folder;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.started();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void everyEventIsWrittenOnceAcrossKillsOfTheMasterAndTheAgentAndABrokerRestart() throws Exception {
        broker.createTopic("events", 3);
        Path logs = folder.resolve("logs");
        try (RealDaemon master = RealDaemon.kafkaMaster(logs, broker.bootstrap(), "events", "masters").start();
             RealDaemon agent = RealDaemon.kafkaAgent(folder.resolve("queue"), broker.bootstrap(), "events").start();
             Sender sender = new Sender(agent.collectPort())) {
            // The master dies mid-stream and comes back: it reads on from its journal, its files cut back to it.
            sender.sendPaced("k", 20_000);
            await().atMost(DRAINED).until(() -> DayFileIds.events(logs) >= 3_000);
            master.kill9();
            master.start();
            sender.awaitSent();

            // The agent dies while its queue is being sent: what Kafka has twice, the master writes once.
            sender.sendPaced("m", 20_000);
            sender.awaitSent();
            await().atMost(DRAINED).until(() -> agent.totalEvents() == 20_000 + 20_000);
            agent.kill9();
            agent.start();

            // The broker goes away: the agent's queue holds; then it drains.
            broker.stop();
            sender.sendPaced("b", 5_000);
            sender.awaitSent();
            await().atMost(DRAINED).until(() -> agent.totalEvents() == 5_000);
            assertTrue(agent.queue("events") > 0, "the queue holds while the broker is away");
            await("the master says it is out of its group").atMost(Duration.ofSeconds(60))
                    .until(() -> !master.requiredStatus().getDocument(StatusKeys.KAFKA).getBoolean(StatusKeys.KAFKA_CONNECTED).getValue());
            broker.start();

            Map<String, Integer> expected = new HashMap<>(ids("k", 20_000));
            expected.putAll(ids("m", 20_000));
            expected.putAll(ids("b", 5_000));
            await().atMost(DRAINED).until(() -> DayFileIds.events(logs) >= expected.size());
            assertEquals(expected, DayFileIds.counts(logs), "every id once in the master's files");

            BsonDocument kafka = master.requiredStatus().getDocument(StatusKeys.KAFKA);
            assertEquals("kafka://" + broker.bootstrap() + "/events", kafka.getString(StatusKeys.KAFKA_UPSTREAM).getValue());
            assertEquals("masters", kafka.getString(StatusKeys.KAFKA_GROUP).getValue());
            assertEquals(3, kafka.getArray(StatusKeys.KAFKA_PARTITIONS).size(), "the only master owns every partition");
        }
    }

    @Test
    void twoMastersOfOneGroupSplitThePartitionsAndTheirRebalancesLoseAndDuplicateNothing() throws Exception {
        broker.createTopic("split", 4);
        Path logsA = folder.resolve("a");
        Path logsB = folder.resolve("b");
        try (RealDaemon masterA = RealDaemon.kafkaMaster(logsA, broker.bootstrap(), "split", "pair").start();
             RealDaemon masterB = RealDaemon.kafkaMaster(logsB, broker.bootstrap(), "split", "pair");
             RealDaemon agent = RealDaemon.kafkaAgent(folder.resolve("queue"), broker.bootstrap(), "split").start();
             Sender sender = new Sender(agent.collectPort())) {
            // Events flow the whole time, so that both rebalances fall in the middle of the stream.
            sender.sendUntilStopped("r");
            await().atMost(DRAINED).until(() -> DayFileIds.events(logsA) >= 2_000);
            masterB.start(); // B joins: A lets go of half the partitions once what it read of them is written
            await().atMost(DRAINED).until(() -> !partitionsOf(masterB).isEmpty() && DayFileIds.events(logsB) >= 1_000);
            long beforeALeft = DayFileIds.events(logsB);
            assertEquals(0, masterA.terminate(), "A stops cleanly: it lets go once what it read is written");
            await().atMost(DRAINED).until(() -> partitionsOf(masterB).size() == 4 && DayFileIds.events(logsB) >= beforeALeft + 2_000);
            int sent = sender.stop();

            await().atMost(DRAINED).until(() -> DayFileIds.events(logsA, logsB) >= sent);
            assertEquals(ids("r", sent), DayFileIds.counts(logsA, logsB), "the union of both masters' files holds every id once");
            assertTrue(DayFileIds.events(logsA) > 0 && DayFileIds.events(logsB) > 0);
        }
    }

    @Test
    void badRecordsAreRejectedAndCountedByReasonAndTheGoodOnesAroundThemWritten() throws Exception {
        broker.createTopic("mixed", 1);
        Path logs = folder.resolve("logs");
        int http = FreePort.pick();
        try (RealDaemon master = RealDaemon.kafkaMaster(logs, broker.bootstrap(), "mixed", "bad")
                .with("--max-message-bytes=4096", "--http=127.0.0.1:" + http).start();
             KafkaProducer<byte[], byte[]> producer = producer()) {
            byte[] good = TestEvents.bson("{type: 'ok', id: 'good-1', start: 1763900000.0}");
            send(producer, good, "agent-1", "1");
            send(producer, new byte[] {1, 2, 3}, "agent-1", "2");
            send(producer, TestEvents.bson("{id: 'no-type', start: 1763900000.0}"), "agent-1", "3");
            send(producer, TestEvents.bson("{type: 'ok', id: 'bad-seq'}"), "agent-1", "x4");
            send(producer, TestEvents.bson("{type: 'ok', id: 'control-char'}"), "agent\u0001kafka", "5");
            send(producer, null, "agent-1", "6");
            send(producer, TestEvents.bson("{type: 'ok', id: 'big', pad: '" + "p".repeat(5000) + "'}"), "agent-1", "7");
            send(producer, TestEvents.bson("{type: 'ok', id: 'plain-1', start: 1763900000.0}"), null, null);
            send(producer, good, "agent-1", "1"); // the agent's resend
            send(producer, TestEvents.bson("{type: 'ok', id: 'good-2', start: 1763900000.0}"), "agent-1", "8");
            producer.flush();

            await().atMost(DRAINED).until(() -> nextOffsets(master).getOrDefault("mixed/0", 0L) == 10L);
            assertEquals(Map.of("good-1", 1, "plain-1", 1, "good-2", 1), DayFileIds.counts(logs));
            BsonDocument status = master.requiredStatus();
            BsonDocument rejected = status.getDocument(StatusKeys.REJECTED);
            assertEquals(1, rejected.getNumber("not_bson").longValue());
            assertEquals(1, rejected.getNumber("missing_type").longValue());
            assertEquals(2, rejected.getNumber("bad_kafka_headers").longValue());
            assertEquals(1, rejected.getNumber("empty").longValue());
            assertEquals(1, rejected.getNumber("oversized").longValue());
            assertEquals(10, status.getDocument(StatusKeys.KAFKA).getNumber(StatusKeys.KAFKA_RECORDS).longValue());
            assertTrue(status.getDocument(StatusKeys.KAFKA).getBoolean(StatusKeys.KAFKA_CONNECTED).getValue());
            assertFalse(master.output().contains("Exception in thread"), master.output());

            String metrics = HttpProbe.ask(http, "GET", "/metrics", Duration.ofSeconds(10)).body();
            assertTrue(metrics.contains("\nziggyd_kafka_records_total 10.0\n"), metrics);
            assertTrue(metrics.contains("\nziggyd_kafka_partition_next_offset{partition=\"mixed/0\"} 10.0\n"), metrics);
            assertTrue(metrics.contains("\nziggyd_kafka_connected 1.0\n"), metrics);
            assertTrue(metrics.contains("\nziggyd_events_rejected_total{reason=\"bad_kafka_headers\"} 2.0\n"), metrics);
            assertEquals(200, HttpProbe.ask(http, "GET", "/healthcheck", Duration.ofSeconds(10)).status());
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, byte[] value, String source, String seq) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("mixed", "ok".getBytes(StandardCharsets.UTF_8), value);
        if (source != null) {
            record.headers().add(KafkaForwarder.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaForwarder.SEQ_HEADER, seq.getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1 << 20));
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, Long> nextOffsets(RealDaemon master) {
        Map<String, Long> offsets = new HashMap<>();
        for (var view : master.requiredStatus().getDocument(StatusKeys.KAFKA).getArray(StatusKeys.KAFKA_PARTITIONS)) {
            BsonDocument partition = view.asDocument();
            offsets.put(partition.getString(StatusKeys.KAFKA_PARTITION).getValue(),
                    partition.getNumber(StatusKeys.KAFKA_NEXT_OFFSET).longValue());
        }
        return offsets;
    }

    private static Map<String, Long> partitionsOf(RealDaemon master) {
        BsonDocument status = master.status();
        return status == null ? Map.of() : nextOffsets(master);
    }

    private static Map<String, Integer> ids(String prefix, int count) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < count; i++) {
            ids.put(prefix + "-" + i, 1);
        }
        return ids;
    }

    /**
     * A client of the agent on a thread of its own: events of eight types (so that they spread over the
     * partitions, keyed by type) at a gentle pace, 10 ms of rest every 100 (or 20).
     */
    private static final class Sender implements AutoCloseable {
        private final ZContext context = new ZContext(1);
        private final ZMQ.Socket push = context.createSocket(SocketType.PUSH);
        private final AtomicInteger sent = new AtomicInteger();
        private Thread thread;

        Sender(int collectPort) {
            push.setSndHWM(0);
            push.setLinger(10_000);
            push.setHandshakeIvl(300);
            push.connect("tcp://127.0.0.1:" + collectPort);
        }

        void sendPaced(String prefix, int count) {
            sendPaced(prefix, count, 100);
        }

        private void sendPaced(String prefix, int count, int restEvery) {
            sent.set(0);
            thread = new Thread(() -> {
                for (int i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
                    push.send(TestEvents.bson("{type: 'k." + (i % 8) + "', id: '" + prefix + "-" + i + "', start: "
                            + System.currentTimeMillis() / 1000.0 + ", body: {n: " + i + "}}"), 0);
                    sent.incrementAndGet();
                    if (i % restEvery == restEvery - 1) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "kafka-test-sender");
            thread.start();
        }

        /** Sends events {@code prefix-0, prefix-1, …}, 20 every 10 ms, until {@link #stop}. */
        void sendUntilStopped(String prefix) {
            sendPaced(prefix, Integer.MAX_VALUE, 20);
        }

        /** Stops sending; returns how many were sent. */
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(DRAINED.toMillis());
            return sent.get();
        }

        void awaitSent() throws InterruptedException {
            thread.join(DRAINED.toMillis());
        }

        @Override
        public void close() {
            if (thread != null) {
                thread.interrupt();
            }
            context.close();
        }
    }
}
