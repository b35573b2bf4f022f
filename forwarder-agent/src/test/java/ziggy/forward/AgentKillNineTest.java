package ziggy.forward;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.ChildJvm;

/**
 * The agent process is killed with SIGKILL while it forwards a backlog, then started again: the upstream
 * ends up with every event exactly once, by id.
 */
class AgentKillNineTest {
    @TempDir
    Path dir;

    @Test
    void anAgentKilledWhileForwardingABacklogSendsTheRestAfterARestartAndNothingTwice() throws Exception {
        Path folder = dir.resolve("queue");
        int events = 60_000;
        try (DiskQueue queue = DiskQueue.open(folder, QueueOptions.of(256L << 20, FullPolicy.BLOCK, FsyncPolicy.DEFAULT))) {
            ForwardTestEvents.append(queue, 0, events);
        }
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).start()) {
            String[] args = {folder.toString(), String.valueOf(upstream.collectPort), String.valueOf(upstream.controlPort)};
            try (ChildJvm agent = ChildJvm.start(ForwarderMain.class, List.of("-Xmx256m"), args)) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> upstream.batched() > 5_000 || !agent.isAlive());
                assertTrue(agent.isAlive(), agent.output());
                agent.kill9();
            }
            int beforeRestart = upstream.batched();
            assertTrue(beforeRestart < events, "the kill came while a backlog was left (" + beforeRestart + " sent)");
            try (ChildJvm agent = ChildJvm.start(ForwarderMain.class, List.of("-Xmx256m"), args)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> upstream.batched() == events || !agent.isAlive());
                assertTrue(agent.isAlive(), agent.output());
            }
            Map<Long, Integer> counts = upstream.batchedIdCounts();
            assertEquals(events, counts.size(), "every id arrived (" + beforeRestart + " before the kill)");
            counts.forEach((id, count) -> assertEquals(1, count, "id " + id));
            assertTrue(counts.keySet().stream().allMatch(id -> id >= 0 && id < events), "ids are 0.." + (events - 1));
        }
    }
}
