package ziggy.daemon.forwarding;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.StatusKeys;
import ziggy.testing.PythonPeer;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.EventLoad;
import ziggy.testing.RealDaemon;

/**
 * Agents, relays and masters as real processes, killed with -9 at the worst moments: every event the
 * first agent took ends up in the master's files exactly once, checked by id.
 */
class ForwardingProcessTest {
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void theAgentKeepsEventsWhileTheMasterIsDownAndDeliversThemWhenItComes() {
        Path logPath = dir.resolve("log");
        int events = 20_000;
        try (RealDaemon master = RealDaemon.master(logPath);
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            EventLoad.send(agent.collectPort(), "down", events);
            await().atMost(DELIVERY_LIMIT).until(() -> agent.totalEvents() == events);
            assertEquals(0, agent.queue("acknowledged_seq"), "nothing acknowledged while the master is down");

            master.start();

            awaitDelivered(agent, events);
            assertExactlyOnce(DayFileIds.counts(logPath), "down", events);
        }
    }

    @Test
    void aMasterKilledMidStreamAndStartedAgainEndsWithEveryEventOnce() throws Exception {
        Path logPath = dir.resolve("log");
        int events = 60_000;
        try (RealDaemon master = RealDaemon.master(logPath).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            Process sender = EventLoad.start(agent.collectPort(), "mid", events, 2_000);
            await().atMost(DELIVERY_LIMIT).until(() -> master.totalEvents() > 10_000);
            master.kill9();
            long beforeKill = DayFileIds.events(logPath);
            assertTrue(beforeKill < events, "the kill came mid-stream (" + beforeKill + " in the files)");

            master.start();

            assertTrue(sender.waitFor(60, TimeUnit.SECONDS) && sender.exitValue() == 0, "the sender finished");
            awaitDelivered(agent, events);
            assertExactlyOnce(DayFileIds.counts(logPath), "mid", events);
        }
    }

    @Test
    void anAgentKilledWhileForwardingABacklogSendsTheRestOnceAfterARestart() {
        Path logPath = dir.resolve("log");
        // Enough that the drain (up to 1 M/s here) outlasts the polls before the kill by far, a STATUS
        // that waits out a stalled handshake (half a second) included: 60,000 and then 300,000 events
        // were once all forwarded before the kill landed.
        int events = 1_000_000;
        try (RealDaemon master = RealDaemon.master(logPath);
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            EventLoad.send(agent.collectPort(), "backlog", events);
            await().atMost(DELIVERY_LIMIT).until(() -> agent.totalEvents() == events);
            master.start();
            // A fresh master taking the burst may leave a STATUS unanswered for seconds on two busy cores: ask again.
            await().atMost(DELIVERY_LIMIT).pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(AssertionError.class)
                    .until(() -> master.totalEvents() > 5_000);
            agent.kill9();
            assertTrue(DayFileIds.events(logPath) < events, "the kill came while a backlog was left");

            agent.start();

            awaitDelivered(agent, events);
            assertExactlyOnce(DayFileIds.counts(logPath), "backlog", events);
        }
    }

    @Test
    void aRelayKilledInAThreeTierChainLosesNothingAndDuplicatesNothing() throws Exception {
        Path logPath = dir.resolve("log");
        int events = 60_000;
        try (RealDaemon master = RealDaemon.master(logPath).start();
             RealDaemon relay = RealDaemon.agent(dir.resolve("relay-queue"), master).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("agent-queue"), relay).start()) {
            Process sender = EventLoad.start(agent.collectPort(), "tier", events, 2_000);
            await().atMost(DELIVERY_LIMIT).until(() -> master.totalEvents() > 10_000);
            relay.kill9();

            relay.start();

            assertTrue(sender.waitFor(60, TimeUnit.SECONDS) && sender.exitValue() == 0, "the sender finished");
            awaitDelivered(agent, events);
            await().atMost(DELIVERY_LIMIT).until(() -> relay.queue("acknowledged_seq") == relay.queue("next_seq") - 1);
            assertEquals("relay", relay.requiredStatus().getString(StatusKeys.ROLE).getValue());
            assertExactlyOnce(DayFileIds.counts(logPath), "tier", events);
        }
    }

    @Test
    void whenTheFirstMasterDiesTheAgentFailsOverToTheSecond() throws Exception {
        Path firstLog = dir.resolve("first");
        Path secondLog = dir.resolve("second");
        int events = 30_000;
        try (RealDaemon first = RealDaemon.master(firstLog).start();
             RealDaemon second = RealDaemon.master(secondLog).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), first, second).start()) {
            Process sender = EventLoad.start(agent.collectPort(), "failover", events, 2_000);
            await().atMost(DELIVERY_LIMIT).until(() -> first.totalEvents() > 5_000);
            first.kill9();

            assertTrue(sender.waitFor(60, TimeUnit.SECONDS) && sender.exitValue() == 0, "the sender finished");
            awaitDelivered(agent, events);
            assertTrue(second.totalEvents() > 0, "the second master took over");
            assertEquals("127.0.0.1:" + second.collectPort(),
                    agent.requiredStatus().getDocument(StatusKeys.FORWARD).getString("upstream").getValue());
            // What the first master wrote but had not acknowledged when it died went to the second as well:
            // across the two every event is there, and each master alone holds every event at most once.
            Map<String, Integer> firstCounts = DayFileIds.counts(firstLog);
            Map<String, Integer> secondCounts = DayFileIds.counts(secondLog);
            firstCounts.forEach((id, count) -> assertEquals(1, count, "first master, id " + id));
            secondCounts.forEach((id, count) -> assertEquals(1, count, "second master, id " + id));
            Map<String, Integer> union = DayFileIds.counts(firstLog, secondLog);
            for (int i = 0; i < events; i++) {
                assertTrue(union.containsKey("failover-" + i), "failover-" + i + " is in one of the masters' files");
            }
        }
    }

    @Test
    void toAnOriginalZiggyDaemonTheAgentSendsSingleFrameEventsAndSaysSo() throws Exception {
        int events = 5_000;
        OriginalZiggyUpstream original = new OriginalZiggyUpstream();
        Process upstream = original.start(events);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(upstream.getInputStream(), StandardCharsets.UTF_8));
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), original.collectPort, original.controlPort).start()) {
            assertEquals("ready", out.readLine());
            EventLoad.send(agent.collectPort(), "original", events);

            assertEquals(events + " 0", out.readLine(), "distinct ids and multi-frame messages the original daemon got");
            BsonDocument forward = agent.requiredStatus().getDocument(StatusKeys.FORWARD);
            assertEquals("single_frames", forward.getString("mode").getValue());
            await().atMost(DELIVERY_LIMIT).until(() -> agent.queue("acknowledged_seq") == events);
        } finally {
            upstream.destroyForcibly();
        }
    }

    @Test
    void aFullQueueUnderDropOldestCountsEveryEventItDropsAndDeliversTheRestOnce() {
        Path logPath = dir.resolve("log");
        int events = 20_000;
        try (RealDaemon master = RealDaemon.master(logPath);
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master)
                     .with("--queue-max-bytes=1m", "--queue-full=drop-oldest").start()) {
            EventLoad.send(agent.collectPort(), "full", events);
            await().atMost(DELIVERY_LIMIT).until(() -> agent.totalEvents() == events);
            long dropped = agent.queue("dropped");
            assertTrue(dropped > 0, "a 1 MiB queue cannot hold " + events + " events");

            master.start();

            await().atMost(DELIVERY_LIMIT).until(() -> agent.queue("acknowledged_seq") == events);
            Map<String, Integer> counts = DayFileIds.counts(logPath);
            counts.forEach((id, count) -> assertEquals(1, count, id));
            assertEquals(events, counts.size() + dropped, "every event is in the master's files or counted as dropped");
            assertTrue(counts.containsKey("full-" + (events - 1)), "the newest events are kept");
        }
    }

    @Test
    void aMasterThatTakesOnlySmallMessagesGetsEveryEventInBatchesItTakes() {
        // 64 KiB, a sixteenth of an agent's batch: the agent learns the limit from COMMITTED's answer.
        Path logPath = dir.resolve("log");
        int events = 20_000;
        try (RealDaemon master = RealDaemon.master(logPath).with("--max-message-bytes=65536").start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            EventLoad.send(agent.collectPort(), "small", events);

            awaitDelivered(agent, events);
            assertExactlyOnce(DayFileIds.counts(logPath), "small", events);
            BsonDocument rejected = master.requiredStatus().getDocument(StatusKeys.REJECTED);
            assertEquals(0, rejected.getNumber("oversized").longValue(), rejected.toJson());
            assertTrue(agent.output().contains("give this agent a --max-message-bytes no larger than its upstream's"),
                    "the agent takes events of up to 16 MiB, which its upstream would refuse: " + agent.output());
        }
    }

    @Test
    void anEventLargerThanABatchIsForwardedInItsPlace() {
        // 2 MiB, twice an agent's batch: it goes alone, between the batches of those before and after it.
        Path logPath = dir.resolve("log");
        try (RealDaemon master = RealDaemon.master(logPath).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            agent.send(eventOf("before", 100));
            agent.send(eventOf("large", 2 << 20));
            agent.send(eventOf("after", 100));

            awaitDelivered(agent, 3);
            assertEquals(Map.of("before", 1, "large", 1, "after", 1), DayFileIds.counts(logPath));
        }
    }

    @Test
    void anEventLargerThanTheMasterTakesIsSetAsideByTheAgentAndHoldsNothingBack() {
        // The agent queues events of up to 16 MiB, its master takes messages of 64 KiB: alone in a batch, a 100 KB
        // event would be refused as oversized however often it came, and every event behind it would wait.
        Path logPath = dir.resolve("log");
        try (RealDaemon master = RealDaemon.master(logPath).with("--max-message-bytes=65536").start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            agent.send(eventOf("before", 100));
            agent.send(eventOf("too-large-for-the-master", 100_000));
            agent.send(eventOf("after", 100));

            awaitDelivered(agent, 3);
            assertEquals(Map.of("before", 1, "after", 1), DayFileIds.counts(logPath));
            BsonDocument forward = agent.requiredStatus().getDocument(StatusKeys.FORWARD);
            assertEquals(1, forward.getNumber(StatusKeys.FORWARD_TOO_LARGE).longValue(), forward.toJson());
            assertTrue(agent.output().contains("the event at seq 2 is 100000 bytes: set aside"), agent.output());
            assertEquals(0, master.requiredStatus().getDocument(StatusKeys.REJECTED).getNumber("oversized").longValue(),
                    "the agent never sent it");
            assertEquals(Map.of("too-large-for-the-master", 1), DayFileIds.counts(dir.resolve("queue")),
                    "kept in the queue folder's set-aside.bson, readable as a day file");
        }
    }

    @Test
    void anEventTooLargeForABatchToAnUpstreamOfTheSameLimitIsRefusedByTheAgentAndHoldsNothingBack() {
        // Exactly the limit both take: alone in a batch, with its header, it would be refused upstream for ever.
        Path logPath = dir.resolve("log");
        int limit = 65_536;
        try (RealDaemon master = RealDaemon.master(logPath).with("--max-message-bytes=" + limit).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).with("--max-message-bytes=" + limit).start()) {
            agent.send(eventOf("before", 100));
            agent.send(eventOf("too-large", limit));
            agent.send(eventOf("largest", limit - BatchHeader.MAX_ENCODED_BYTES));
            agent.send(eventOf("after", 100));

            awaitDelivered(agent, 3);
            assertEquals(Map.of("before", 1, "largest", 1, "after", 1), DayFileIds.counts(logPath));
            assertEquals(1, agent.requiredStatus().getDocument(StatusKeys.REJECTED).getNumber("too_large_to_queue").longValue());
            assertEquals(0, master.requiredStatus().getDocument(StatusKeys.REJECTED).getNumber("oversized").longValue());
            assertFalse(agent.output().contains("--max-message-bytes no larger"), "nothing it queues is too large: " + agent.output());
        }
    }

    @Test
    void aRelayRefusesForGoodAnEventItsQueueCannotHoldAndTheBatchesAroundItFlow() {
        // A 1 MiB relay queue has segments of 64 KiB: a 100 KB event from an agent of the default limits fits the
        // relay's messages but never its queue. Declined, it would come again for ever and hold back the agent.
        Path logPath = dir.resolve("log");
        try (RealDaemon master = RealDaemon.master(logPath).start();
             RealDaemon relay = RealDaemon.agent(dir.resolve("relay-queue"), master).with("--queue-max-bytes=1m").start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("agent-queue"), relay).start()) {
            agent.send(eventOf("before", 100));
            agent.send(eventOf("too-large-for-the-relay", 100_000));
            agent.send(eventOf("after", 100));

            awaitDelivered(agent, 3);
            // The master holds what the relay took once it acknowledged it: its day files have it then.
            await().atMost(DELIVERY_LIMIT).until(() -> relay.queue("acknowledged_seq") == relay.queue("next_seq") - 1);
            assertEquals(Map.of("before", 1, "after", 1), DayFileIds.counts(logPath));
            assertEquals(1, relay.requiredStatus().getDocument(StatusKeys.REJECTED).getNumber("too_large_to_queue").longValue());
        }
    }

    /** An event of exactly {@code bytes} with the id {@code id}, its body padded. */
    private static byte[] eventOf(String id, int bytes) {
        BsonDocument event = new BsonDocument("type", new BsonString("big")).append("id", new BsonString(id))
                .append("host", new BsonString("h")).append("pid", new BsonInt32(1))
                .append("start", new BsonDouble(System.currentTimeMillis() / 1000.0))
                .append("body", new BsonDocument("pad", new BsonString("")));
        int padding = bytes - RealDaemon.bytes(event).length;
        event.getDocument("body").put("pad", new BsonString("x".repeat(padding)));
        return RealDaemon.bytes(event);
    }

    /** Waits until the agent's upstream has acknowledged everything the agent queued. */
    private static void awaitDelivered(RealDaemon agent, int events) {
        await().atMost(DELIVERY_LIMIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertEquals(events, agent.queue("acknowledged_seq"), () -> "agent status: " + agent.status());
        });
    }

    private static void assertExactlyOnce(Map<String, Integer> counts, String prefix, int events) {
        for (int i = 0; i < events; i++) {
            Integer count = counts.get(prefix + "-" + i);
            assertEquals(1, count == null ? 0 : count, prefix + "-" + i + " in the master's files");
        }
        assertEquals(events, counts.size(), "no event the agent did not take");
    }
}
