package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {
    @TempDir
    Path dir;

    private QueueOptions small(FsyncPolicy fsync) {
        return QueueOptions.of(4L << 20, FullPolicy.BLOCK, fsync).withSegmentBytes(64 << 10);
    }

    @Test
    void appendedEventsAreReadBackInOrderWithConsecutiveSeqs() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir.resolve("q"), small(FsyncPolicy.parse("batch")))) {
            for (long id = 0; id < 2000; id++) {
                assertEquals(id + 1, TestEvents.append(queue, TestEvents.of(id)));
            }
            queue.endBatch();
            List<TestEvents.Read> read = TestEvents.readAll(queue, 1, 77);
            assertEquals(2000, read.size());
            for (int i = 0; i < read.size(); i++) {
                assertEquals(i + 1, read.get(i).seq());
                assertArrayEquals(TestEvents.of(i), read.get(i).event());
            }
            assertTrue(queue.stats().segments() > 3, "2000 events of ~170 bytes span several 64 KiB segments");
        }
    }

    @Test
    void appendLeavesTheCallersBufferAsItWasAndTakesOnlyTheGivenRange() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("batch")))) {
            byte[] event = TestEvents.of(7);
            ByteBuffer direct = ByteBuffer.allocateDirect(event.length + 10);
            direct.position(5).put(event).position(3).limit(direct.capacity() - 1);
            assertEquals(1, queue.append(direct, 5, event.length));
            assertEquals(3, direct.position());
            assertEquals(direct.capacity() - 1, direct.limit());
            queue.endBatch();
            assertArrayEquals(event, TestEvents.readAll(queue, 1).get(0).event());
        }
    }

    /**
     * Under fsync never, written records are read (and forwarded) before they reach the disk. A power loss then
     * takes them back: the copy of the folder below, its segments cut to their headers, is what the disk held.
     * The seqs the forwarder saw must not be handed out again, or the upstream drops the new events as resends.
     */
    @Test
    void underFsyncNeverSeqsReadBeforeAPowerLossAreNeverHandedOutAgain() throws IOException {
        Path folder = dir.resolve("q");
        Path afterPowerLoss = dir.resolve("after-power-loss");
        try (DiskQueue queue = DiskQueue.open(folder, small(FsyncPolicy.parse("never")))) {
            assertEquals(100, appendAndRead(queue, 100), "forwarded, and held by the upstream");
            SegmentFiles.copyFolder(folder, afterPowerLoss);
        }
        for (Path segment : SegmentFiles.segments(afterPowerLoss)) {
            SegmentFiles.truncate(segment, SegmentFormat.HEADER_BYTES);
        }
        try (DiskQueue queue = DiskQueue.open(afterPowerLoss, small(FsyncPolicy.parse("never")))) {
            long next = TestEvents.append(queue, TestEvents.of(100));
            assertTrue(next > 100, "seq " + next + " was held by the upstream already");
            assertTrue(next <= 100 + DiskQueue.NEVER_RESERVE, "the jump is at most the reserve: " + next);
        }
    }

    @Test
    void underFsyncNeverACleanCloseLeavesNoJumpInSeqs() throws IOException {
        Path folder = dir.resolve("q");
        try (DiskQueue queue = DiskQueue.open(folder, small(FsyncPolicy.parse("never")))) {
            assertEquals(100, appendAndRead(queue, 100));
        }
        try (DiskQueue queue = DiskQueue.open(folder, small(FsyncPolicy.parse("never")))) {
            assertEquals(101, TestEvents.append(queue, TestEvents.of(100)));
        }
    }

    /** Appends ids 0..{@code events - 1}, ends the batch, and reads from seq 1 as a forwarder would; returns how many it read. */
    private static int appendAndRead(DiskQueue queue, int events) throws IOException {
        for (long id = 0; id < events; id++) {
            TestEvents.append(queue, TestEvents.of(id));
        }
        queue.endBatch();
        return TestEvents.readAll(queue, 1).size();
    }

    @Test
    void seqsKeepGrowingAcrossRestartsEvenWhenEverythingWasAcknowledged() throws IOException {
        Path folder = dir.resolve("q");
        try (DiskQueue queue = DiskQueue.open(folder, small(FsyncPolicy.parse("never")))) {
            for (long id = 0; id < 1000; id++) {
                TestEvents.append(queue, TestEvents.of(id));
            }
            queue.ack(1000);
        }
        try (DiskQueue queue = DiskQueue.open(folder, small(FsyncPolicy.parse("never")))) {
            assertEquals(1000, queue.stats().acknowledgedSeq());
            assertEquals(0, queue.stats().events());
            assertEquals(1001, TestEvents.append(queue, TestEvents.of(1000)));
        }
        try (DiskQueue queue = DiskQueue.open(folder, small(FsyncPolicy.parse("never")))) {
            assertEquals(1002, TestEvents.append(queue, TestEvents.of(1001)));
            queue.endBatch();
            List<TestEvents.Read> unacknowledged = TestEvents.readAll(queue, queue.stats().acknowledgedSeq() + 1);
            assertEquals(List.of(1001L, 1002L), unacknowledged.stream().map(TestEvents.Read::seq).toList());
        }
    }

    @Test
    void ackDeletesOnlySegmentsWhoseEveryRecordIsAcknowledged() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("batch")))) {
            for (long id = 0; id < 3000; id++) {
                TestEvents.append(queue, TestEvents.of(id));
            }
            queue.endBatch();
            int before = segmentFiles().size();
            queue.ack(1500);
            QueueStats stats = queue.stats();
            assertEquals(1500, stats.events());
            assertTrue(segmentFiles().size() < before);
            assertEquals(segmentFiles().size(), stats.segments());
            List<TestEvents.Read> rest = TestEvents.readAll(queue, 1);
            assertTrue(rest.get(0).seq() <= 1501, "the segment holding seq 1501 stays");
            assertEquals(3000, rest.get(rest.size() - 1).seq());
            queue.ack(3000);
            assertEquals(1, segmentFiles().size(), "the head segment stays even when acknowledged");
            assertEquals(0, queue.stats().events());
        }
    }

    @Test
    void cursorSeeksBackToResendFromAcknowledgedPlusOne() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("batch")))) {
            for (long id = 0; id < 500; id++) {
                TestEvents.append(queue, TestEvents.of(id));
            }
            queue.endBatch();
            try (QueueCursor cursor = queue.cursor(1)) {
                assertEquals(500, TestEvents.drain(cursor, 64).size());
                queue.ack(120);
                cursor.seek(121);
                List<TestEvents.Read> again = TestEvents.drain(cursor, 64);
                assertEquals(380, again.size());
                assertEquals(121, again.get(0).seq());
                assertEquals(120, again.get(0).id());
            }
        }
    }

    @Test
    void aCursorSeesNewEventsOnlyOnceTheyAreSyncedUnderBatch() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("batch")));
             QueueCursor cursor = queue.cursor(1)) {
            TestEvents.append(queue, TestEvents.of(1));
            assertEquals(0, TestEvents.drain(cursor, 10).size());
            queue.endBatch();
            assertEquals(1, TestEvents.drain(cursor, 10).size());
            TestEvents.append(queue, TestEvents.of(2));
            queue.endBatch();
            assertEquals(2, TestEvents.drain(cursor, 10).get(0).seq());
            QueueStats stats = queue.stats();
            assertEquals(2, stats.syncedSeq());
            assertEquals(2, stats.fsyncs(), "one fsync per batch end");
            assertTrue(stats.fsyncNanos() > 0, "the time they took");
        }
    }

    @Test
    void aBatchNeverHoldsMoreThanTheCallersBufferTakes() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("batch")))) {
            for (long id = 0; id < 10; id++) {
                TestEvents.append(queue, TestEvents.of(id, 100));
            }
            queue.endBatch();
            try (QueueCursor cursor = queue.cursor(1)) {
                ByteBuffer dst = ByteBuffer.allocate(250);
                assertEquals(2, cursor.read(dst, 100));
                assertEquals(200, dst.position());
                assertThrows(IllegalArgumentException.class, () -> cursor.read(ByteBuffer.allocate(99), 1));
                assertEquals(3, cursor.nextSeq());
            }
        }
    }

    /** The forwarder's way with an event bigger than its batches: told so, it reads that event alone into a larger buffer. */
    @Test
    void anEventTooBigForTheBufferIsTheNextOneReadIntoABiggerOne() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("batch")))) {
            TestEvents.append(queue, TestEvents.of(0, 100));
            TestEvents.append(queue, TestEvents.of(1, 5000));
            TestEvents.append(queue, TestEvents.of(2, 100));
            queue.endBatch();
            try (QueueCursor cursor = queue.cursor(1)) {
                assertEquals(1, cursor.read(ByteBuffer.allocate(1000), 100), "the batch ends before the big event");
                assertThrows(IllegalArgumentException.class, () -> cursor.read(ByteBuffer.allocate(1000), 100));
                ByteBuffer big = ByteBuffer.allocate(5000);
                assertEquals(1, cursor.read(big, 1));
                assertEquals(2, cursor.batchFirstSeq());
                assertArrayEquals(TestEvents.of(1, 5000), big.array());
                ByteBuffer last = ByteBuffer.allocate(1000);
                assertEquals(1, cursor.read(last, 100));
                assertEquals(3, cursor.batchFirstSeq());
                assertArrayEquals(TestEvents.of(2, 100), Arrays.copyOf(last.array(), last.position()));
            }
        }
    }

    @Test
    void eventsOfNoBytesOrTooManyBytesAreRejectedAndCounted() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("batch")).withMaxEventBytes(1000))) {
            assertEquals(DiskQueue.REJECTED, queue.append(ByteBuffer.allocate(0), 0, 0));
            assertEquals(DiskQueue.REJECTED, TestEvents.append(queue, TestEvents.of(1, 1001)));
            assertEquals(1, TestEvents.append(queue, TestEvents.of(2, 1000)));
            assertEquals(2, queue.stats().rejected());
        }
    }

    @Test
    void theSourceIdIsMadeOnceAndKeptInTheFolder() throws IOException {
        String first;
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.DEFAULT))) {
            first = queue.sourceId();
        }
        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertEquals(first + "\n", Files.readString(dir.resolve("source-id")));
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.DEFAULT))) {
            assertEquals(first, queue.sourceId());
        }
    }

    @Test
    void aSecondOpenerIsRefusedWithOneLineNamingTheFolder() throws IOException {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.DEFAULT))) {
            QueueFolderException refused = assertThrows(QueueFolderException.class,
                    () -> DiskQueue.open(dir, small(FsyncPolicy.DEFAULT)));
            assertTrue(refused.getMessage().contains(dir.toString()), refused.getMessage());
            assertFalse(refused.getMessage().contains("\n"));
            TestEvents.append(queue, TestEvents.of(1));
        }
        try (DiskQueue again = DiskQueue.open(dir, small(FsyncPolicy.DEFAULT))) {
            assertEquals(2, TestEvents.append(again, TestEvents.of(2)));
        }
    }

    @Test
    void aFileWhereTheFolderShouldBeIsAOneLineError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        QueueFolderException refused = assertThrows(QueueFolderException.class,
                () -> DiskQueue.open(file, small(FsyncPolicy.DEFAULT)));
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
    }

    @Test
    void statsShowBytesEventsSegmentsAndTheAgeOfTheOldestUnacknowledged() throws Exception {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("interval:10")))) {
            for (long id = 0; id < 100; id++) {
                TestEvents.append(queue, TestEvents.of(id, 100));
            }
            queue.endBatch();
            QueueStats stats = queue.stats();
            assertEquals(100, stats.events());
            assertEquals(SegmentFormat.HEADER_BYTES + 100 * (RecordFormat.HEADER_BYTES + 100), stats.bytes());
            assertEquals(1, stats.segments());
            org.awaitility.Awaitility.await().until(() -> queue.stats().oldestUnackedMillis() >= 200);
            queue.ack(100);
            assertEquals(0, queue.stats().oldestUnackedMillis());
        }
    }

    @Test
    void anInterruptedAppenderDoesNotBreakTheQueueForOthers() throws Exception {
        try (DiskQueue queue = DiskQueue.open(dir, small(FsyncPolicy.parse("batch")))) {
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt();
                TestEvents.append(queue, TestEvents.of(0));
                queue.endBatch();
            });
            interrupted.start();
            interrupted.join();
            assertEquals(2, TestEvents.append(queue, TestEvents.of(1)));
            org.awaitility.Awaitility.await().until(() -> {
                queue.endBatch();
                return queue.stats().syncedSeq() == 2;
            });
            assertEquals(List.of(0L, 1L), TestEvents.readAll(queue, 1).stream().map(TestEvents.Read::id).toList());
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".seg")).toList();
        }
    }
}
