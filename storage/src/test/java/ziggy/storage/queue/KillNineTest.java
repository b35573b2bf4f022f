package ziggy.storage.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.ChildJvm;

/**
 * A real process appends in a loop and is killed with SIGKILL in the middle; the reopened queue must
 * hold every event the process reported durable, each intact at its seq, and nothing corrupt.
 */
class KillNineTest {
    private static final Pattern DURABLE = Pattern.compile("durable (\\d+)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"batch", "never"})
    void everyEventReportedDurableSurvivesAKillNine(String fsync) throws IOException {
        Path folder = dir.resolve("q");
        long reported;
        try (ChildJvm child = ChildJvm.start(QueueAppenderMain.class, List.of("-Xmx128m"), folder.toString(), fsync)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> lastDurable(child.output()) >= 30_000 || !child.isAlive());
            assertTrue(child.isAlive(), child.output());
            child.kill9();
            reported = lastDurable(child.output());
        }
        try (DiskQueue queue = DiskQueue.open(folder, QueueOptions.of(1L << 30, FullPolicy.BLOCK, FsyncPolicy.parse(fsync)))) {
            List<TestEvents.Read> read = TestEvents.readAll(queue, 1);
            assertTrue(read.size() >= reported, "recovered " + read.size() + " events, the child reported " + reported);
            for (int i = 0; i < read.size(); i++) {
                TestEvents.Read event = read.get(i);
                assertEquals(i + 1, event.seq());
                assertEquals(i, event.id());
                assertArrayEquals(TestEvents.of(i), event.event());
            }
            QueueStats stats = queue.stats();
            assertEquals(0, stats.corrupt());
            long next = TestEvents.append(queue, TestEvents.of(read.size()));
            if (fsync.equals("never")) {
                // Seqs reserved ahead in the state file, for a power loss that kill -9 cannot be told from.
                assertTrue(next > read.size() && next <= read.size() + 1 + DiskQueue.NEVER_RESERVE, "appending goes on above them: " + next);
            } else {
                assertEquals(read.size() + 1, next, "appending goes on from there");
            }
        }
    }

    private static long lastDurable(String output) {
        Matcher matcher = DURABLE.matcher(output);
        long last = 0;
        while (matcher.find()) {
            last = Long.parseLong(matcher.group(1));
        }
        return last;
    }
}
