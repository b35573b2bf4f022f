package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a relay needs from the queue: a read limit that holds cursors back until its journal covers the
 * records, and, after a restart, throwing away every record above the journal's seq.
 */
class RelayQueueTest {
    @TempDir
    Path dir;

    private final QueueOptions options = QueueOptions.of(64L << 20, FullPolicy.BLOCK, FsyncPolicy.parse("batch"))
            .withSegmentBytes(64 << 10);

    /** Appends events with ids from..to-1 (seqs follow the ids + 1 in a fresh queue) and ends the batch. */
    private static void appendIds(DiskQueue queue, long from, long to) {
        for (long id = from; id < to; id++) {
            TestEvents.append(queue, TestEvents.of(id));
        }
        queue.endBatch();
    }

    private static List<Long> seqs(List<TestEvents.Read> read) {
        return read.stream().map(TestEvents.Read::seq).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void cursorsStopAtTheReadLimitAndGoOnWhenItGrows() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, options)) {
            appendIds(queue, 0, 100);
            queue.limitReaders(40);
            try (QueueCursor cursor = queue.cursor(1)) {
                assertEquals(range(1, 40), seqs(TestEvents.drain(cursor, 7)));
                assertEquals(List.of(), TestEvents.drain(cursor, 7), "nothing above the limit, however often asked");
                assertEquals(41, cursor.nextSeq());
                queue.limitReaders(70);
                assertEquals(range(41, 70), seqs(TestEvents.drain(cursor, 1000)));
                queue.limitReaders(Long.MAX_VALUE);
                List<TestEvents.Read> rest = TestEvents.drain(cursor, 1000);
                assertEquals(range(71, 100), seqs(rest));
                assertArrayEquals(TestEvents.of(70), rest.get(0).event());
            }
        }
    }

    @Test
    void discardAfterCutsTheHeadSoThatTheNextAppendFollowsTheKeptSeq() throws IOException {
        Path folder = dir.resolve("q");
        try (DiskQueue queue = DiskQueue.open(folder, options)) {
            appendIds(queue, 0, 100);
        }
        try (DiskQueue queue = DiskQueue.open(folder, options)) {
            assertEquals(40, queue.discardAfter(60));
            assertEquals(61, TestEvents.append(queue, TestEvents.of(1000)));
            queue.endBatch();
        }
        try (DiskQueue queue = DiskQueue.open(folder, options)) {
            List<TestEvents.Read> read = TestEvents.readAll(queue, 1);
            assertEquals(range(1, 61), seqs(read));
            assertEquals(59, read.get(59).id());
            assertEquals(1000, read.get(60).id());
            assertEquals(62, TestEvents.append(queue, TestEvents.of(1001)));
        }
    }

    @Test
    void discardAfterIsOnlyForAFreshlyOpenedQueueAndNeverBelowTheAcknowledgedSeq() throws IOException {
        Path folder = dir.resolve("q");
        try (DiskQueue queue = DiskQueue.open(folder, options)) {
            appendIds(queue, 0, 100);
            assertThrows(IllegalStateException.class, () -> queue.discardAfter(50));
            queue.ack(30);
        }
        try (DiskQueue queue = DiskQueue.open(folder, options)) {
            assertThrows(IllegalArgumentException.class, () -> queue.discardAfter(29));
            TestEvents.readAll(queue, 31);
            assertThrows(IllegalStateException.class, () -> queue.discardAfter(50));
        }
        try (DiskQueue queue = DiskQueue.open(folder, options)) {
            assertEquals(70, queue.discardAfter(30), "the acknowledged seq itself may be the one kept");
            assertTrue(TestEvents.readAll(queue, 31).isEmpty());
        }
    }
}
