package ziggy.system.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.storage.dayfile.DayFileIds;
import ziggy.system.forwarding.MidStreamKills;
import ziggy.system.tools.Launchers;
import ziggy.testing.EventLoad;
import ziggy.testing.PythonPeer;
import ziggy.testing.RealDaemon;

/**
 * Processors at the edge: a packaged agent that drops {@code request.sql} events and redacts
 * {@code body.path} before it writes its own day files and forwards, killed with -9 mid-stream and
 * started again, then its master likewise. The master ends with exactly the events the agent kept,
 * each once, and nothing the processors removed.
 */
class ProcessorsAtTheAgentKillTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void everyKeptEventReachesTheMasterOnceAndNothingRemovedDoes() throws Exception {
        Path masterLog = dir.resolve("master-log");
        Path agentLog = dir.resolve("agent-log");
        int events = 80_000;
        try (RealDaemon master = Launchers.ziggyd(masterLog);
             RealDaemon agent = Launchers.ziggyd(agentLog, List.of("--queue-path=" + dir.resolve("agent-queue"),
                     "--forward=127.0.0.1:" + master.collectPort(), "--forward-control=" + master.control(),
                     "--processor=drop:type=request.sql", "--processor=redact:fields=body.path"), 0)) {
            Process sender = EventLoad.start(agent.collectPort(), "mid", events, 50); // at least 16 s: both kills come mid-stream
            MidStreamKills.killAgentThenMaster(agent, master, sender, 10_000, LIMIT);
            EventLoad.send(agent.collectPort(), "tail", 999);

            MidStreamKills.awaitMasterHoldsTheAgentsEvents(agent, agentLog, masterLog, "tail-998", LIMIT);
            Map<String, Integer> kept = DayFileIds.counts(agentLog);
            Map<String, Integer> forwarded = DayFileIds.counts(masterLog);
            assertEquals(kept.keySet(), forwarded.keySet(), "the master holds the events the agent kept");
            forwarded.forEach((id, count) -> assertEquals(1, count, "the master's files hold " + id + " once"));
            for (int i = 0; i < 999; i++) {
                // EventLoad's every third event is a request.sql, which the agent drops.
                assertEquals(i % 3 == 0 ? 0 : 1, forwarded.getOrDefault("tail-" + i, 0), "tail-" + i);
            }
            assertTrue(forwarded.size() > events / 3, "most kept events survived the two kills: " + forwarded.size());
            for (RawBsonDocument event : DayFileIds.documents(masterLog)) {
                assertEquals("request", event.getString("type").getValue(), event.toJson());
                assertFalse(event.getDocument("body").containsKey("path"), event.toJson());
            }
            assertEquals(0, agent.terminate(), agent.output());
            assertEquals(0, master.terminate(), master.output());
        }
    }
}
