package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentListTest {
    private final ReaderView readers = new ReaderView();

    /** A segment of {@code records} records of 100 bytes from {@code base} on, as recovery would hand it over. */
    private static Segment segment(long base, int records) {
        Segment segment = new Segment(Path.of(SegmentFormat.fileName(base)), base, 0);
        segment.size = SegmentFormat.HEADER_BYTES;
        for (int i = 0; i < records; i++) {
            segment.recordAppended(base + i);
            segment.size += 100;
        }
        segment.readableEnd = segment.size;
        return segment;
    }

    private static long bytesOf(Segment... segments) {
        long bytes = 0;
        for (Segment segment : segments) {
            bytes += segment.size;
        }
        return bytes;
    }

    @Test
    void retentionFreesOnlyWhollyAcknowledgedSegmentsAndNeverTheHead() {
        Segment first = segment(1, 10);
        Segment second = segment(11, 10);
        Segment head = segment(21, 5);
        SegmentList list = new SegmentList(List.of(first, second, head), readers);
        assertEquals(bytesOf(first, second, head), list.usedBytes());

        assertEquals(List.of(first), list.removeAcknowledged(19), "seq 20 of the second segment is not acknowledged");
        assertEquals(List.of(second), list.removeAcknowledged(20));
        assertEquals(bytesOf(head), list.usedBytes());
        assertEquals(List.of(), list.removeAcknowledged(1_000), "the head stays, acknowledged or not");
        assertSame(head, list.head());
        assertEquals(1, list.count());
    }

    @Test
    void cursorsSeeEveryChangeToTheList() {
        Segment first = segment(1, 10);
        Segment head = segment(11, 3);
        SegmentList list = new SegmentList(List.of(first, head), readers);
        assertSame(first, readers.locate(1, 0).segment());

        list.removeAcknowledged(10);
        assertSame(head, readers.locate(1, 0).segment(), "a cursor at seq 1 now starts in the only segment left");

        Segment fresh = segment(14, 0);
        list.add(fresh);
        assertSame(fresh, readers.locate(14, head.baseSeq).segment());
    }

    @Test
    void usedBytesCountsBufferedAppendsAndTheDroppedOldestSegmentLeavesThem() {
        Segment first = segment(1, 10);
        Segment head = segment(11, 0);
        SegmentList list = new SegmentList(List.of(first, head), readers);
        list.appended(250);
        assertEquals(bytesOf(first, head) + 250, list.usedBytes());
        assertSame(first, list.removeOldest());
        assertEquals(bytesOf(head) + 250, list.usedBytes());
        assertThrows(IllegalStateException.class, list::removeOldest);
    }

    @Test
    void unacknowledgedCountsEventsAboveTheAcknowledgedSeqAcrossSegments() {
        SegmentList list = new SegmentList(List.of(segment(1, 10), segment(11, 10), segment(21, 5)), readers);
        assertEquals(25, list.unacknowledged(0));
        assertEquals(20, list.unacknowledged(5));
        assertEquals(0, list.unacknowledged(25));
        assertEquals(3, list.view().size());
        assertThrows(UnsupportedOperationException.class, () -> list.view().clear());
    }
}
