package ziggy.storage.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullQueueTest {
    private static final int EVENT = 1000;
    private static final int RECORD = RecordFormat.HEADER_BYTES + EVENT;

    @TempDir
    Path dir;

    private static QueueOptions options(FullPolicy policy) {
        return new QueueOptions(256 << 10, policy, FsyncPolicy.parse("never"), 64 << 10, 4096);
    }

    /** Appends until an append would pass max bytes; returns how many were taken. */
    private static int fill(DiskQueue queue) {
        int taken = 0;
        while (queue.stats().bytes() + RECORD <= queue.options().maxBytes()) {
            assertEquals(taken + 1, TestEvents.append(queue, TestEvents.of(taken, EVENT)));
            taken++;
        }
        return taken;
    }

    @Test
    void blockMakesTheAppenderWaitUntilAnAcknowledgementFreesASegment() throws Exception {
        try (DiskQueue queue = DiskQueue.open(dir, options(FullPolicy.BLOCK))) {
            int taken = fill(queue);
            CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(
                    () -> TestEvents.append(queue, TestEvents.of(taken, EVENT)));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !blocked.isDone());
            queue.ack(10);
            assertTrue(!blocked.isDone(), "acknowledging part of a segment frees nothing");
            queue.ack(100);
            assertEquals(taken + 1, blocked.get(5, TimeUnit.SECONDS));
            QueueStats stats = queue.stats();
            assertEquals(0, stats.dropped());
            assertEquals(0, stats.rejected());
            assertTrue(stats.bytes() <= queue.options().maxBytes());
        }
    }

    @Test
    void closingTheQueueReleasesABlockedAppenderWithARejection() throws Exception {
        DiskQueue queue = DiskQueue.open(dir, options(FullPolicy.BLOCK));
        int taken = fill(queue);
        CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> TestEvents.append(queue, TestEvents.of(taken, EVENT)));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !blocked.isDone());
        queue.close();
        assertEquals(DiskQueue.REJECTED, blocked.get(5, TimeUnit.SECONDS));
    }

    @Test
    void dropOldestDeletesTheOldestSegmentAndCountsEveryUnacknowledgedEventInIt() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, options(FullPolicy.DROP_OLDEST))) {
            int taken = fill(queue);
            queue.ack(5);
            long firstSegmentLast = (64 * 1024 - SegmentFormat.HEADER_BYTES) / RECORD; // records that fit the first segment
            long seq = TestEvents.append(queue, TestEvents.of(taken, EVENT));
            assertEquals(taken + 1, seq, "the event is taken");
            queue.endBatch();
            QueueStats stats = queue.stats();
            assertTrue(stats.bytes() <= queue.options().maxBytes());
            assertEquals(firstSegmentLast - 5, stats.dropped(), "the first segment's unacknowledged events");
            List<TestEvents.Read> left = TestEvents.readAll(queue, 1);
            assertEquals(firstSegmentLast + 1, left.get(0).seq(), "reading resumes after the dropped segment");
            assertEquals(seq, left.get(left.size() - 1).seq());
            assertEquals(stats.events(), left.size());
        }
    }

    @Test
    void theSizeOptionsRefuseAQueueTooSmallForFourSegments() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new QueueOptions(100 << 10, FullPolicy.BLOCK, FsyncPolicy.DEFAULT, 64 << 10, 4096));
        assertTrue(refused.getMessage().contains("--queue-max-bytes"), refused.getMessage());
    }
}
