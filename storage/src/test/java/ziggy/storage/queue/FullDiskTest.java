package ziggy.storage.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue folder on a 2 MiB tmpfs that fills up: appends are refused and counted, nothing on disk is
 * damaged, and appending goes on once acknowledgements free space. Needs permission to mount (root);
 * skipped with a message otherwise.
 */
class FullDiskTest {
    @TempDir
    Path dir;
    private Path mount;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Files.createDirectories(dir.resolve("small-disk"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(mounting.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        boolean mounted = mounting.waitFor() == 0;
        if (!mounted) {
            mount = null;
        }
        assumeTrue(mounted, "skipped: cannot mount a 2 MiB tmpfs to fill up (needs root): " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void appendingToAFullDiskIsRefusedAndCountedWithoutDamageAndGoesOnOnceSpaceIsFreed() throws IOException {
        Path folder = mount.resolve("q");
        QueueOptions options = new QueueOptions(64L << 20, FullPolicy.BLOCK, FsyncPolicy.parse("batch"), 256 << 10, 4096);
        long id = 0;
        try (DiskQueue queue = DiskQueue.open(folder, options)) {
            while (queue.stats().rejected() == 0) {
                for (int i = 0; i < 50; i++) {
                    long seq = TestEvents.append(queue, TestEvents.of(id));
                    if (seq == DiskQueue.REJECTED) {
                        break;
                    }
                    assertEquals(id + 1, seq);
                    id++;
                }
                queue.endBatch();
                assertTrue(id < 100_000, "a 2 MiB disk cannot take " + id + " events");
            }
            long taken = id;
            QueueStats full = queue.stats();
            assertTrue(full.syncedSeq() < taken, "the disk filled before everything taken was written");
            assertEquals(taken + 1, full.nextSeq(), "a refused event uses no seq");

            queue.ack(full.syncedSeq());
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                queue.endBatch();
                return queue.stats().syncedSeq() == taken;
            });
            for (int i = 0; i < 100; i++, id++) {
                assertEquals(id + 1, TestEvents.append(queue, TestEvents.of(id)), "appending goes on after space is freed");
            }
            queue.endBatch();
            assertEquals(id, queue.stats().syncedSeq());
            assertContiguousIntact(TestEvents.readAll(queue, full.syncedSeq() + 1), full.syncedSeq() + 1, id);
        }
        try (DiskQueue reopened = DiskQueue.open(folder, options)) {
            QueueStats stats = reopened.stats();
            assertEquals(0, stats.corrupt());
            assertEquals(0, stats.truncatedBytes());
            List<TestEvents.Read> read = TestEvents.readAll(reopened, stats.acknowledgedSeq() + 1);
            assertContiguousIntact(read, stats.acknowledgedSeq() + 1, id);
        }
    }

    @Test
    void theQueueStillOpensOnAFullDiskWithEverythingWrittenIntact() throws IOException {
        Path folder = mount.resolve("q");
        QueueOptions options = new QueueOptions(64L << 20, FullPolicy.BLOCK, FsyncPolicy.parse("batch"), 256 << 10, 4096);
        DiskQueue queue = DiskQueue.open(folder, options);
        long id = 0;
        while (queue.stats().rejected() == 0) {
            for (int i = 0; i < 50 && TestEvents.append(queue, TestEvents.of(id)) != DiskQueue.REJECTED; i++) {
                id++;
            }
            queue.endBatch();
        }
        long synced = queue.stats().syncedSeq();
        IOException closing = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, queue::close,
                "closing says that the buffered events could not be written");
        assertTrue(closing.getMessage().contains(folder.toString()), closing.getMessage());
        try (DiskQueue reopened = DiskQueue.open(folder, options)) {
            assertContiguousIntact(TestEvents.readAll(reopened, 1), 1, synced);
            assertEquals(0, reopened.stats().corrupt());
        }
    }

    private static void assertContiguousIntact(List<TestEvents.Read> read, long firstSeq, long lastSeq) {
        assertEquals(lastSeq - firstSeq + 1, read.size());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(firstSeq + i, read.get(i).seq());
            assertEquals(firstSeq + i - 1, read.get(i).id());
            assertArrayEquals(TestEvents.of(read.get(i).id()), read.get(i).event());
        }
    }
}
