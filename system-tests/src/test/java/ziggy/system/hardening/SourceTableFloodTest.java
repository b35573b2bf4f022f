package ziggy.system.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.daemon.collect.EventIntake;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.event.RejectReason;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * A peer of the collect port sends one batch under each of as many invented source ids as a master keeps
 * marks for. Until those ids have sent nothing for {@code --source-expiry}, a new agent's batches are refused
 * ({@code too_many_sources}); then they are forgotten, the agent's events all land once each, and the master
 * keeps its journal without them, so that a kill -9 does not bring them back. An agent forgotten in its
 * turn, after going quiet, sends again and nothing is written twice.
 */
class SourceTableFloodTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String EXPIRY = "--source-expiry=5s";

    @TempDir
    Path dir;

    @Test
    void inventedSourceIdsLockANewAgentOutOnlyUntilTheyExpireAndNothingIsWrittenTwice() {
        Path log = dir.resolve("log");
        try (RealDaemon master = RealDaemon.master(log).with(EXPIRY).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).start()) {
            flood(master, EventIntake.MAX_SOURCES);

            sendAndAwait(agent, master, "first", 50);
            BsonDocument status = master.requiredStatus();
            assertTrue(rejected(status, RejectReason.TOO_MANY_SOURCES) > 0, "the agent was refused while the table was full: "
                    + status.toJson());

            await().atMost(LIMIT).until(() -> batches(master.requiredStatus(), StatusKeys.BATCHES_SOURCES) == 0);
            assertEquals(EventIntake.MAX_SOURCES + 1, batches(master.requiredStatus(), StatusKeys.BATCHES_SOURCES_EXPIRED),
                    "the quiet agent is forgotten too");
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

    /** One batch of one event under each of {@code count} invented source ids; returns once the master knows them all. */
    private static void flood(RealDaemon master, int count) {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setSndHWM(0);
            push.connect("tcp://127.0.0.1:" + master.collectPort());
            byte[] event = TestEvents.bson("{type: 'flood', id: 'invented'}");
            for (int i = 0; i < count; i++) {
                assertTrue(push.sendMore(new BatchHeader("invented-" + i, 1, 1).encode()));
                assertTrue(push.send(event));
            }
            // Closing the context drops what it has not sent yet: wait for the master to have it all.
            await().atMost(LIMIT).until(() -> batches(master.requiredStatus(), StatusKeys.BATCHES_SOURCES) == count);
        }
    }

    /** {@code count} events {@code prefix-i} into the agent; returns once the master's files hold them all. */
    private static void sendAndAwait(RealDaemon agent, RealDaemon master, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            agent.send(TestEvents.bson("{type: 'request', id: '" + prefix + "-" + i + "'}"));
        }
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> DayFileIds.counts(master.logPath()).containsKey(prefix + "-" + (count - 1)));
    }

    private static long batches(BsonDocument status, String key) {
        return status.getDocument(StatusKeys.BATCHES).get(key).asNumber().longValue();
    }

    private static long rejected(BsonDocument status, RejectReason reason) {
        return status.getDocument(StatusKeys.REJECTED).get(reason.wireName()).asNumber().longValue();
    }
}
