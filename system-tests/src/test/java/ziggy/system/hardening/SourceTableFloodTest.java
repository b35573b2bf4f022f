package ziggy.system.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.CollectLimits;
import ziggy.daemon.collect.EventIntake;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.event.RejectReason;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.RawZmtpPeer;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * Peers of the collect port send one batch under each of many invented source ids. One peer holds at most its
 * quota of the table ({@code --max-sources-per-peer}): the rest of its ids are refused, and an agent of another
 * address is never. Peers of many addresses may fill the table; a new agent is then refused only until their
 * sources have been idle a minute (here the 10 s expiry, which is shorter), when it takes the place of one; until
 * then its STATUS says why ({@code COMMITTED} tells it). Every event lands once, and the master keeps its journal
 * without the forgotten sources, so a kill -9 does not bring them back.
 */
class SourceTableFloodTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String EXPIRY = "--source-expiry=10s";
    private static final int QUOTA = CollectLimits.DEFAULT_MAX_SOURCES_PER_PEER;

    @TempDir
    Path dir;

    @Test
    void aPeerInventingIdsHoldsOnlyItsQuotaAndAnAgentOfAnotherAddressIsNeverRefused() throws IOException {
        Path log = dir.resolve("log");
        try (RealDaemon master = RealDaemon.master(log).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            flood(master, 10 * QUOTA, "127.0.0.2");
            await().atMost(LIMIT).until(() -> rejected(master.requiredStatus(), RejectReason.TOO_MANY_SOURCES) == 9 * QUOTA);
            assertEquals(QUOTA, batches(master.requiredStatus(), StatusKeys.BATCHES_SOURCES));

            sendAndAwait(agent, master, "agent", 50);
            BsonDocument status = master.requiredStatus();
            assertEquals(9 * QUOTA, rejected(status, RejectReason.TOO_MANY_SOURCES), "the agent was never refused: " + status.toJson());
            assertEquals(QUOTA + 1, batches(status, StatusKeys.BATCHES_SOURCES));
            assertEquals(0, batches(status, StatusKeys.BATCHES_SOURCES_EVICTED), "its sources were active: none made room");
            Map<String, Integer> held = DayFileIds.counts(log);
            for (int i = 0; i < 50; i++) {
                assertEquals(1, held.getOrDefault("agent-" + i, 0), "agent-" + i);
            }
        }
    }

    @Test
    void peersFillingTheTableLockANewAgentOutOnlyUntilTheirSourcesAreIdleAndNothingIsWrittenTwice() throws IOException {
        Path log = dir.resolve("log");
        try (RealDaemon master = RealDaemon.master(log).with(EXPIRY).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            String[] peers = new String[EventIntake.MAX_SOURCES / QUOTA];
            for (int peer = 0; peer < peers.length; peer++) {
                peers[peer] = "127.0.0." + (2 + peer);
            }
            // All at once: the flood takes a second or two, well inside the expiry, so the table is still full
            // when the agent comes (peers flooding one after another took over 5 s under load).
            flood(master, QUOTA, peers);
            // A STATUS that goes unanswered three tries running (a JeroMQ client stall, not the master) is asked again.
            await().atMost(LIMIT).ignoreExceptionsInstanceOf(AssertionError.class)
                    .until(() -> batches(master.requiredStatus(), StatusKeys.BATCHES_SOURCES) == EventIntake.MAX_SOURCES);

            send(agent, "first", 50);
            await().atMost(LIMIT).until(() -> refused(agent).equals(RejectReason.TOO_MANY_SOURCES.wireName()));
            awaitLanded(master, "first", 50);
            await().atMost(LIMIT).until(() -> refused(agent).isEmpty());
            // Its log reaches this test through a pipe, which may trail what STATUS says.
            await().atMost(LIMIT).until(() -> agent.output().contains("refuses this agent's batches (too_many_sources")
                    && agent.output().contains("takes this agent's batches again"));
            BsonDocument status = master.requiredStatus();
            assertTrue(rejected(status, RejectReason.TOO_MANY_SOURCES) > 0, "the agent was refused while the table was full: "
                    + status.toJson());
            // Its resend took the place of one idle source, or came once the expiry had forgotten them all.
            assertTrue(batches(status, StatusKeys.BATCHES_SOURCES_EVICTED) <= 1, status.toJson());

            await().atMost(LIMIT).until(() -> batches(master.requiredStatus(), StatusKeys.BATCHES_SOURCES) == 0);
            status = master.requiredStatus();
            assertEquals(EventIntake.MAX_SOURCES + 1, batches(status, StatusKeys.BATCHES_SOURCES_EXPIRED)
                    + batches(status, StatusKeys.BATCHES_SOURCES_EVICTED), "the quiet agent is forgotten too");
            master.kill9();
            master.start();
            assertEquals(0, batches(master.requiredStatus(), StatusKeys.BATCHES_SOURCES),
                    "the journal, committed when they were forgotten, holds none of them");

            sendAndAwait(agent, master, "second", 50);
            Map<String, Integer> held = DayFileIds.counts(log);
            for (String prefix : new String[] {"first", "second"}) {
                for (int i = 0; i < 50; i++) {
                    assertEquals(1, held.getOrDefault(prefix + "-" + i, 0), prefix + "-" + i);
                }
            }
        }
    }

    /**
     * From each of the local addresses {@code from} (every address of 127/8 is the loopback's), all at once, one
     * batch of one event under each of {@code count} invented source ids; returns once the master has read them all.
     */
    private static void flood(RealDaemon master, int count, String... from) throws IOException {
        long batchesBefore = batches(master.requiredStatus(), StatusKeys.BATCHES_RECEIVED)
                + rejected(master.requiredStatus(), RejectReason.TOO_MANY_SOURCES);
        byte[] event = TestEvents.bson("{type: 'flood', id: 'invented'}");
        List<RawZmtpPeer> peers = new ArrayList<>();
        try {
            for (String address : from) {
                peers.add(RawZmtpPeer.handshakenFrom(address, master.collectPort(), "PUSH"));
            }
            for (int i = 0; i < count; i++) {
                for (int peer = 0; peer < from.length; peer++) {
                    peers.get(peer).sendMessage(new BatchHeader(from[peer] + "-invented-" + i, 1, 1).encode(), event);
                }
            }
            // Closing may cut what the master has not read yet: wait for it to have taken or refused every batch.
            long sent = (long) count * from.length;
            await().atMost(LIMIT).ignoreExceptionsInstanceOf(AssertionError.class)
                    .until(() -> batches(master.requiredStatus(), StatusKeys.BATCHES_RECEIVED)
                    + rejected(master.requiredStatus(), RejectReason.TOO_MANY_SOURCES) == batchesBefore + sent);
        } finally {
            for (RawZmtpPeer peer : peers) {
                peer.close();
            }
        }
    }

    /** {@code count} events {@code prefix-i} into the agent; returns once the master's files hold them all. */
    private static void sendAndAwait(RealDaemon agent, RealDaemon master, String prefix, int count) {
        send(agent, prefix, count);
        awaitLanded(master, prefix, count);
    }

    private static void send(RealDaemon agent, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            agent.send(TestEvents.bson("{type: 'request', id: '" + prefix + "-" + i + "'}"));
        }
    }

    private static void awaitLanded(RealDaemon master, String prefix, int count) {
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> DayFileIds.counts(master.logPath()).containsKey(prefix + "-" + (count - 1)));
    }

    /** Why the agent's upstream refuses its batches, as its STATUS says: what COMMITTED told it. */
    private static String refused(RealDaemon agent) {
        return agent.requiredStatus().getDocument(StatusKeys.FORWARD).getString(StatusKeys.FORWARD_REFUSED).getValue();
    }

    private static long batches(BsonDocument status, String key) {
        return status.getDocument(StatusKeys.BATCHES).get(key).asNumber().longValue();
    }

    private static long rejected(BsonDocument status, RejectReason reason) {
        return status.getDocument(StatusKeys.REJECTED).get(reason.wireName()).asNumber().longValue();
    }
}
