package ziggy.system.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.system.tools.Launchers;
import ziggy.testing.PythonPeer;
import ziggy.testing.RealDaemon;
import ziggy.testing.ToolRun;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.EventLoad;

/**
 * The packaged {@code ziggyd} with {@code --log-path} and {@code --forward} together, forwarding to a
 * packaged master, while a libzmq client sends: the agent killed with -9 mid-stream and started again,
 * then the master likewise. At the end the agent's own day files and the master's hold the same events,
 * each exactly once.
 */
class LocalFilesAndForwardingKillTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    @TempDir
    Path dir;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void killingTheAgentAndThenTheMasterMidStreamLeavesEveryEventOnceInTheAgentsFilesAndTheMasters() throws Exception {
        Path masterLog = dir.resolve("master-log");
        Path agentLog = dir.resolve("agent-log");
        int events = 80_000;
        try (RealDaemon master = Launchers.ziggyd(masterLog);
             RealDaemon agent = Launchers.ziggyd(agentLog, List.of("--queue-path=" + dir.resolve("agent-queue"),
                     "--forward=127.0.0.1:" + master.collectPort(), "--forward-control=" + master.control()), 0)) {
            Process sender = EventLoad.start(agent.collectPort(), "mid", events, 100);
            MidStreamKills.killAgentThenMaster(agent, master, sender, 15_000, LIMIT);
            EventLoad.send(agent.collectPort(), "tail", 1_000);

            // One connection delivers in order: the last of the tail in the agent's files means all of it is.
            MidStreamKills.awaitMasterHoldsTheAgentsEvents(agent, agentLog, masterLog, "tail-999", LIMIT);
            Map<String, Integer> local = DayFileIds.counts(agentLog);
            Map<String, Integer> forwarded = DayFileIds.counts(masterLog);
            local.forEach((id, count) -> assertEquals(1, count, "the agent's files hold " + id + " once"));
            forwarded.forEach((id, count) -> assertEquals(1, count, "the master's files hold " + id + " once"));
            assertEquals(local.keySet(), forwarded.keySet(), "the agent's files and the master's hold the same events");
            for (int i = 0; i < 1_000; i++) {
                assertEquals(1, local.getOrDefault("tail-" + i, 0), "tail-" + i + ", sent with both up");
            }
            assertTrue(local.size() > events / 2, "most events survived the two kills: " + local.size());

            ToolRun table = Launchers.run("ziggyctl", null, "status", "-H", agent.control());
            assertEquals(0, table.exitCode(), table.stderr());
            assertTrue(table.stdout().lines().findFirst().orElse("").contains(", agent, up"), table.stdout());
            assertTrue(table.stdout().contains("log_path") && table.stdout().contains(agentLog.toString()), table.stdout());
            assertTrue(table.stdout().contains("\nQueue\n") && table.stdout().contains("\nForward\n"), table.stdout());

            assertEquals(0, agent.terminate(), agent.output());
            assertEquals(0, master.terminate(), master.output());
        }
    }
}
