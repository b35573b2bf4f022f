package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendingMarksTest {
    private static final long NONE = -1;

    @Test
    void aFlushReturnsTheHighestSeqStoredThroughItsPositionAndKeepsTheRest() {
        PendingMarks marks = new PendingMarks();
        marks.add(10, 100);
        marks.add(11, 101);
        marks.add(12, 105);

        assertEquals(NONE, marks.removeThrough(99, NONE));
        assertEquals(11, marks.removeThrough(104, NONE));
        assertFalse(marks.isEmpty());
        assertEquals(12, marks.removeThrough(105, NONE));
        assertTrue(marks.isEmpty());
    }

    @Test
    void eventsAtOnePositionAreOnePairWhoseSeqIsTheNewest() {
        PendingMarks marks = new PendingMarks();
        marks.add(5, 40);
        marks.add(6, 40);
        marks.add(7, 40);

        assertEquals(7, marks.removeThrough(40, NONE));
        assertTrue(marks.isEmpty());
    }

    @Test
    void pairsKeepTheirOrderWhileTheRingWrapsAndGrows() {
        PendingMarks marks = new PendingMarks();
        long seq = 0;
        // Half taken out first, so that the ring has wrapped when it must grow.
        for (; seq < 10; seq++) {
            marks.add(seq, seq * 2);
        }
        assertEquals(4, marks.removeThrough(8, NONE));
        for (; seq < 100_000; seq++) {
            marks.add(seq, seq * 2);
        }

        for (long through = 5; through < 100_000; through += 7) {
            assertEquals(through, marks.removeThrough(through * 2 + 1, NONE));
        }
        assertEquals(99_999, marks.removeThrough(Long.MAX_VALUE, NONE));
        assertTrue(marks.isEmpty());
    }

    @Test
    void aBurstsPeakIsGivenBackOnceEverythingIsDurable() {
        PendingMarks marks = new PendingMarks();
        for (long seq = 1; seq <= 200_000; seq++) {
            marks.add(seq, seq);
        }
        assertTrue(marks.capacity() >= 200_000);

        assertEquals(200_000, marks.removeThrough(200_000, NONE));

        assertTrue(marks.capacity() <= 1024, "capacity " + marks.capacity());
        marks.add(200_001, 200_001);
        assertEquals(200_001, marks.removeThrough(200_001, NONE));
    }
}
