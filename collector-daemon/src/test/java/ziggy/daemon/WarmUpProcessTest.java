package ziggy.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * ziggyd as shipped warms its collect path up before it opens its ports: in real processes, the warm-up's
 * events reach nothing of the real daemon (its counters, its files, its upstream), and its scratch folder is
 * gone once the daemon answers.
 */
class WarmUpProcessTest {
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(30);
    private static final String AS_SHIPPED = "--warm-up=" + Ziggyd.WARM_UP_EVENTS;

    @TempDir
    Path dir;

    @Test
    void aMasterWarmsUpAndThenCountsAndWritesOnlyTheEventsItIsSent() throws IOException {
        Path logPath = dir.resolve("log");
        try (RealDaemon master = RealDaemon.master(logPath).with(AS_SHIPPED).start()) {
            assertTrue(master.output().contains("warmed the collect path up with " + Ziggyd.WARM_UP_EVENTS + " events"),
                    master.output());
            assertEquals(0, master.totalEvents(), "the warm-up's events are not the daemon's");
            assertEquals(0, scratchFoldersOf(master.pid()), "the scratch folder is deleted before the ports open");

            double now = System.currentTimeMillis() / 1000.0;
            for (int n = 0; n < 3; n++) {
                master.send(TestEvents.event("checkout", now, n));
            }
            await().atMost(DELIVERY_LIMIT).until(() -> master.totalEvents() == 3);
            master.shutdown();
            master.awaitExit();
            assertEquals(Map.of("id-0", 1, "id-1", 1, "id-2", 1), DayFileIds.counts(logPath), "the events sent, each once, and no other");
        }
    }

    @Test
    void anAgentWarmsUpOnItsOwnAndForwardsOnlyTheEventsItIsSent() throws IOException {
        Path logPath = dir.resolve("log");
        try (RealDaemon master = RealDaemon.master(logPath).start();
             RealDaemon agent = RealDaemon.agent(dir.resolve("queue"), master).with(AS_SHIPPED).start()) {
            assertTrue(agent.output().contains("warmed the collect path up with " + Ziggyd.WARM_UP_EVENTS + " events"),
                    agent.output());
            assertEquals(1, agent.queue("next_seq"), "nothing of the warm-up in the agent's own queue");

            double now = System.currentTimeMillis() / 1000.0;
            agent.send(TestEvents.event("login", now, 1));
            agent.send(TestEvents.event("login", now, 2));
            await().atMost(DELIVERY_LIMIT).until(() -> master.totalEvents() == 2);
            assertEquals(0, scratchFoldersOf(agent.pid()));
            master.shutdown();
            master.awaitExit();
            assertEquals(Map.of("id-1", 1, "id-2", 1), DayFileIds.counts(logPath), "the events sent, each once, and no other");
        }
    }

    private static long scratchFoldersOf(long pid) throws IOException {
        try (Stream<Path> folders = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return folders.filter(folder -> folder.getFileName().toString().startsWith(WarmUpScratch.PREFIX + pid + "-")).count();
        }
    }
}
