package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueRecoveryTest {
    private static final QueueOptions OPTIONS =
            QueueOptions.of(4L << 20, FullPolicy.BLOCK, FsyncPolicy.parse("never")).withSegmentBytes(64 << 10);

    @TempDir
    Path dir;

    /** A closed queue folder holding events with ids 0..count-1 at seqs 1..count. */
    private Path queueWith(int count) throws IOException {
        Path folder = dir.resolve("pristine");
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            for (long id = 0; id < count; id++) {
                TestEvents.append(queue, TestEvents.of(id));
            }
        }
        return folder;
    }

    private static void assertEventsAre(List<TestEvents.Read> read, long... ids) {
        assertEquals(LongStream.of(ids).boxed().toList(), read.stream().map(TestEvents.Read::id).toList());
        for (TestEvents.Read event : read) {
            assertEquals(event.id() + 1, event.seq(), "each event keeps the seq it was appended with");
            assertArrayEquals(TestEvents.of(event.id()), event.event());
        }
    }

    @Test
    void aTornTailAtEveryByteOffsetOfTheLastRecordIsCutAndEveryCompleteRecordKept() throws IOException {
        Path pristine = queueWith(5);
        Path segment = SegmentFiles.segments(pristine).get(0);
        long lastRecord = SegmentFiles.recordOffsets(segment).get(4);
        long size = Files.size(segment);
        for (long cut = lastRecord; cut < size; cut++) {
            Path folder = dir.resolve("cut-" + cut);
            SegmentFiles.copyFolder(pristine, folder);
            SegmentFiles.truncate(folder.resolve(segment.getFileName()), cut);
            try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
                assertEventsAre(TestEvents.readAll(queue, 1), 0, 1, 2, 3);
                QueueStats stats = queue.stats();
                assertEquals(cut - lastRecord, stats.truncatedBytes(), "cut at " + cut);
                assertEquals(0, stats.corrupt(), "cut at " + cut);
                assertEquals(lastRecord, Files.size(folder.resolve(segment.getFileName())));
                assertEquals(5, TestEvents.append(queue, TestEvents.of(4)), "the torn record's seq was never visible");
            }
            try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
                assertEquals(0, queue.stats().truncatedBytes(), "a second start finds nothing to cut");
                assertEventsAre(TestEvents.readAll(queue, 1), 0, 1, 2, 3, 4);
            }
        }
    }

    @Test
    void aTailOfZeroesLeftByTheFileSystemIsCut() throws IOException {
        Path folder = queueWith(10);
        Path segment = SegmentFiles.segments(folder).get(0);
        Files.write(segment, new byte[5000], StandardOpenOption.APPEND);
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            assertEventsAre(TestEvents.readAll(queue, 1), LongStream.range(0, 10).toArray());
            assertEquals(5000, queue.stats().truncatedBytes());
            assertEquals(1, SegmentFiles.damaged(folder).size(), "the cut bytes are kept for a person");
            assertEquals(5000, Files.size(SegmentFiles.damaged(folder).get(0)));
        }
    }

    @Test
    void aFlippedBitAnywhereInAMiddleRecordSkipsOnlyThatRecordAndCountsIt() throws IOException {
        Path pristine = queueWith(9);
        Path segment = SegmentFiles.segments(pristine).get(0);
        List<Long> offsets = SegmentFiles.recordOffsets(segment);
        long start = offsets.get(4);
        long end = offsets.get(5);
        for (long at = start; at < end; at += at < start + 24 ? 1 : 37) {
            Path folder = dir.resolve("flip-" + at);
            SegmentFiles.copyFolder(pristine, folder);
            SegmentFiles.flipBit(folder.resolve(segment.getFileName()), at, (int) (at % 8));
            try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
                assertEventsAre(TestEvents.readAll(queue, 1), 0, 1, 2, 3, 5, 6, 7, 8);
                assertEquals(1, queue.stats().corrupt(), "flip at " + at);
                assertEquals(8, queue.stats().events());
                List<Path> kept = SegmentFiles.damaged(folder);
                assertEquals(1, kept.size());
                assertEquals(end - start, Files.size(kept.get(0)), "the damaged record is kept whole");
            }
        }
    }

    @Test
    void aBatchStopsAtTheGapLeftByADamagedRecord() throws IOException {
        Path folder = queueWith(9);
        Path segment = SegmentFiles.segments(folder).get(0);
        SegmentFiles.flipBit(segment, SegmentFiles.recordOffsets(segment).get(4) + 30, 0);
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS); QueueCursor cursor = queue.cursor(1)) {
            java.nio.ByteBuffer dst = java.nio.ByteBuffer.allocate(1 << 16);
            assertEquals(4, cursor.read(dst, 100));
            assertEquals(1, cursor.batchFirstSeq());
            assertEquals(4, cursor.read(dst, 100));
            assertEquals(6, cursor.batchFirstSeq());
        }
    }

    @Test
    void aDeletedSegmentIsReportedCountedAndTheSegmentsAroundItDelivered() throws IOException {
        Path folder = queueWith(2000);
        List<Path> segments = SegmentFiles.segments(folder);
        assertTrue(segments.size() >= 4, segments.toString());
        Path second = segments.get(1);
        long firstMissing = SegmentFormat.baseOf(second.getFileName().toString());
        long firstAfter = SegmentFormat.baseOf(segments.get(2).getFileName().toString());
        Files.delete(second);
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            List<TestEvents.Read> read = TestEvents.readAll(queue, 1);
            long[] expected = LongStream.range(0, 2000).filter(id -> id + 1 < firstMissing || id + 1 >= firstAfter).toArray();
            assertEventsAre(read, expected);
            assertEquals(firstAfter - firstMissing, queue.stats().corrupt());
            assertEquals(2001, TestEvents.append(queue, TestEvents.of(2000)));
        }
    }

    @Test
    void aSegmentWithABadHeaderIsMovedAsideAndTheRestDelivered() throws IOException {
        Path folder = queueWith(2000);
        List<Path> segments = SegmentFiles.segments(folder);
        Path second = segments.get(1);
        long firstMissing = SegmentFormat.baseOf(second.getFileName().toString());
        long firstAfter = SegmentFormat.baseOf(segments.get(2).getFileName().toString());
        SegmentFiles.flipBit(second, 10, 3);
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            assertEquals(2000 - (firstAfter - firstMissing), TestEvents.readAll(queue, 1).size());
            assertEquals(firstAfter - firstMissing, queue.stats().corrupt());
            assertFalse(Files.exists(second));
            assertTrue(SegmentFiles.damaged(folder).get(0).getFileName().toString().startsWith(second.getFileName().toString()));
        }
    }

    @Test
    void aDamagedStateFileMeansEverythingIsSentAgainNotLost() throws IOException {
        Path folder = dir.resolve("q");
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            for (long id = 0; id < 10; id++) {
                TestEvents.append(queue, TestEvents.of(id));
            }
            queue.ack(4);
        }
        Files.write(folder.resolve("state"), new byte[] {1, 2, 3});
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            assertEquals(0, queue.stats().acknowledgedSeq());
            assertEventsAre(TestEvents.readAll(queue, 1), LongStream.range(0, 10).toArray());
            assertEquals(11, TestEvents.append(queue, TestEvents.of(10)));
        }
    }

    @Test
    void aDamagedSourceIdIsReplacedAndKeptAside() throws IOException {
        Path folder = dir.resolve("q");
        DiskQueue.open(folder, OPTIONS).close();
        Files.writeString(folder.resolve("source-id"), "not an id");
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            assertTrue(queue.sourceId().matches("[0-9a-f]{32}"));
            assertEquals(1, SegmentFiles.damaged(folder).size());
        }
    }

    @Test
    void damageThatAppearsAfterStartUpIsSkippedAndCountedOnce() throws IOException {
        Path folder = queueWith(9);
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            Path segment = SegmentFiles.segments(folder).get(0);
            SegmentFiles.flipBit(segment, SegmentFiles.recordOffsets(segment).get(2) + 40, 1);
            assertEventsAre(TestEvents.readAll(queue, 1), 0, 1, 3, 4, 5, 6, 7, 8);
            assertEventsAre(TestEvents.readAll(queue, 1), 0, 1, 3, 4, 5, 6, 7, 8);
            assertEquals(1, queue.stats().corrupt());
        }
    }
}
