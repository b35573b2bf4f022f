package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DiskQueue#discardAfter} on the shapes a queue folder can have after a crash: several segments,
 * a cut exactly at a segment boundary, damaged records, a segment moved aside, an empty head. Every case
 * ends with new appends and a reopen, and checks that the queue then holds exactly the kept events
 * followed by the new ones, with the seqs going on from the kept seq.
 */
class DiscardAfterTest {
    private static final QueueOptions OPTIONS =
            QueueOptions.of(16L << 20, FullPolicy.BLOCK, FsyncPolicy.parse("batch")).withSegmentBytes(64 << 10);
    /** Ids of the events appended after a discard; the events before it have ids 0.., at seq id + 1. */
    private static final long NEW_IDS = 100_000;

    @TempDir
    Path dir;

    /** A closed queue folder holding events with ids 0..count-1 at seqs 1..count. */
    private Path queueWith(int count) throws IOException {
        Path folder = dir.resolve("q");
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            for (long id = 0; id < count; id++) {
                TestEvents.append(queue, TestEvents.of(id));
            }
        }
        return folder;
    }

    private static List<Long> bases(Path folder) throws IOException {
        return SegmentFiles.segments(folder).stream().map(f -> SegmentFormat.baseOf(f.getFileName().toString())).toList();
    }

    /**
     * Appends {@code count} new events, which must get the seqs right after {@code kept}, reopens the
     * queue, and checks that it reads back the old events {@code oldIds} (at seq id + 1) and then the new
     * ones, that its figures match the files, and that the next seq follows on.
     */
    private static void assertAppendsFollowAndSurviveAReopen(Path folder, DiskQueue queue, long kept, int count,
                                                             long... oldIds) throws IOException {
        for (int i = 0; i < count; i++) {
            assertEquals(kept + 1 + i, TestEvents.append(queue, TestEvents.of(NEW_IDS + i)), "new event " + i);
        }
        queue.close();
        try (DiskQueue reopened = DiskQueue.open(folder, OPTIONS)) {
            List<TestEvents.Read> read = TestEvents.readAll(reopened, 1);
            List<Long> expectedSeqs = new ArrayList<>();
            LongStream.of(oldIds).forEach(id -> expectedSeqs.add(id + 1));
            LongStream.range(0, count).forEach(i -> expectedSeqs.add(kept + 1 + i));
            assertEquals(expectedSeqs, read.stream().map(TestEvents.Read::seq).toList());
            for (TestEvents.Read event : read) {
                long id = event.seq() > kept ? NEW_IDS + event.seq() - kept - 1 : event.seq() - 1;
                assertArrayEquals(TestEvents.of(id), event.event(), "event at seq " + event.seq());
            }
            QueueStats stats = reopened.stats();
            assertEquals(kept + count + 1, stats.nextSeq());
            assertEquals(0, stats.truncatedBytes(), "the discard left no half record");
            List<Path> files = SegmentFiles.segments(folder);
            assertEquals(files.size(), stats.segments());
            long bytes = 0;
            for (Path file : files) {
                bytes += Files.size(file);
            }
            assertEquals(bytes, stats.bytes());
            assertEquals(kept + count + 1, TestEvents.append(reopened, TestEvents.of(NEW_IDS + count)));
        }
    }

    @Test
    void discardAcrossSegmentsDeletesTheLaterOnesAndCutsTheOneHoldingTheSeq() throws IOException {
        Path folder = queueWith(2000);
        List<Long> before = bases(folder);
        assertTrue(before.size() >= 5, before.toString());
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(1500, queue.discardAfter(500));
        List<Long> after = bases(folder);
        assertTrue(after.stream().allMatch(base -> base <= 501), "no segment begins above the next seq: " + after);
        assertEquals(before.stream().filter(base -> base <= 501).toList(), after);
        assertEquals(500, queue.stats().events());
        assertEquals(501, queue.stats().nextSeq());
        assertAppendsFollowAndSurviveAReopen(folder, queue, 500, 700, LongStream.range(0, 500).toArray());
    }

    @Test
    void discardAtASegmentBoundaryKeepsTheEarlierSegmentsWhole() throws IOException {
        Path folder = queueWith(2000);
        List<Path> files = SegmentFiles.segments(folder);
        long boundary = SegmentFormat.baseOf(files.get(2).getFileName().toString());
        long wholeSize = Files.size(files.get(1));
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(2000 - (boundary - 1), queue.discardAfter(boundary - 1));
        assertEquals(files.subList(0, 3), SegmentFiles.segments(folder));
        assertEquals(wholeSize, Files.size(files.get(1)));
        assertEquals(SegmentFormat.HEADER_BYTES, Files.size(files.get(2)), "the segment after the cut starts empty");
        assertAppendsFollowAndSurviveAReopen(folder, queue, boundary - 1, 10, LongStream.range(0, boundary - 1).toArray());
    }

    @Test
    void nothingAboveTheSeqLeavesTheFilesAsTheyWere() throws IOException {
        Path folder = queueWith(300);
        Path segment = SegmentFiles.segments(folder).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(0, queue.discardAfter(300));
        assertEquals(0, queue.discardAfter(300), "a repeated call changes nothing either");
        assertArrayEquals(bytes, Files.readAllBytes(segment));
        assertAppendsFollowAndSurviveAReopen(folder, queue, 300, 5, LongStream.range(0, 300).toArray());
    }

    @Test
    void aSeqPastTheEndRemovesNothingButTheNextSeqStillFollowsIt() throws IOException {
        Path folder = queueWith(300);
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            assertEquals(0, queue.discardAfter(350));
        }
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(351, queue.stats().nextSeq(), "kept across a reopen before any append");
        assertAppendsFollowAndSurviveAReopen(folder, queue, 350, 5, LongStream.range(0, 300).toArray());
    }

    @Test
    void aSeqInsideADamagedRecordCutsRightAfterTheLastGoodRecordBelowIt() throws IOException {
        Path folder = queueWith(9);
        Path segment = SegmentFiles.segments(folder).get(0);
        List<Long> offsets = SegmentFiles.recordOffsets(segment);
        SegmentFiles.flipBit(segment, offsets.get(4) + 30, 2); // the event of seq 5
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(1, queue.stats().corrupt());
        assertEquals(4, queue.discardAfter(5), "seqs 6..9 were readable; 5 was lost already");
        assertEquals((long) offsets.get(4), Files.size(segment), "no damaged bytes are left at the end");
        assertAppendsFollowAndSurviveAReopen(folder, queue, 5, 3, 0, 1, 2, 3);
    }

    @Test
    void aDamagedRecordBelowTheSeqStaysSkippedAndTheRecordsAroundItStay() throws IOException {
        Path folder = queueWith(9);
        Path segment = SegmentFiles.segments(folder).get(0);
        List<Long> offsets = SegmentFiles.recordOffsets(segment);
        SegmentFiles.flipBit(segment, offsets.get(4) + 30, 2);
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(3, queue.discardAfter(6));
        assertEquals((long) offsets.get(6), Files.size(segment));
        assertAppendsFollowAndSurviveAReopen(folder, queue, 6, 3, 0, 1, 2, 3, 5);
    }

    @Test
    void aSeqInASegmentMovedAsideKeepsTheSegmentsBeforeIt() throws IOException {
        Path folder = queueWith(2000);
        List<Path> files = SegmentFiles.segments(folder);
        long lostFrom = SegmentFormat.baseOf(files.get(2).getFileName().toString());
        long lostTo = SegmentFormat.baseOf(files.get(3).getFileName().toString()) - 1;
        SegmentFiles.flipBit(files.get(2), 10, 3); // a bad header: recovery moves the segment aside
        long kept = lostFrom + 5;
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(lostTo - lostFrom + 1, queue.stats().corrupt());
        assertEquals(2000 - lostTo, queue.discardAfter(kept));
        assertEquals(files.subList(0, 2), SegmentFiles.segments(folder));
        assertAppendsFollowAndSurviveAReopen(folder, queue, kept, 10, LongStream.range(0, lostFrom - 1).toArray());
    }

    @Test
    void whenEverySegmentBeginsAboveTheSeqANewEmptyHeadBeginsRightAfterIt() throws IOException {
        Path folder = queueWith(2000);
        List<Path> files = SegmentFiles.segments(folder);
        long second = SegmentFormat.baseOf(files.get(1).getFileName().toString());
        SegmentFiles.flipBit(files.get(0), 10, 3);
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(2000 - (second - 1), queue.discardAfter(10));
        assertEquals(List.of(11L), bases(folder));
        assertAppendsFollowAndSurviveAReopen(folder, queue, 10, 10);
    }

    @Test
    void anEmptyHeadAboveTheSeqIsDeletedAndTheSegmentBeforeItCut() throws IOException {
        Path folder = queueWith(100);
        Path emptyHead = folder.resolve(SegmentFormat.fileName(101));
        ByteBuffer header = SegmentFormat.header(101, System.currentTimeMillis());
        Files.write(emptyHead, header.array());
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            assertEquals(2, queue.stats().segments());
            assertEquals(0, queue.discardAfter(100), "an empty head holds nothing to discard");
        }
        DiskQueue queue = DiskQueue.open(folder, OPTIONS);
        assertEquals(50, queue.discardAfter(50));
        assertFalse(Files.exists(emptyHead));
        assertAppendsFollowAndSurviveAReopen(folder, queue, 50, 10, LongStream.range(0, 50).toArray());
    }
}
