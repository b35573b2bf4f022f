package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A source's marks: acknowledged only once durable, and no acknowledgement over events this master declined. */
class SourceMarksTest {
    private static final long NOW = 1_000_000_000_000L;

    @Test
    void takenEventsAreAcknowledgedOnlyOnceTheStoreSaysTheyAreDurable() {
        SourceMarks marks = new SourceMarks(Map.of("a", 10L), 16);
        SourceMarks.Source source = marks.source("a");
        marks.taken(source, 15, 3);
        assertFalse(marks.advance(2));
        assertEquals(10, marks.committed("a"));
        assertTrue(marks.advance(3));
        marks.publish();
        assertEquals(15, marks.committed("a"));
    }

    @Test
    void afterEventsAreLostBatchesOverTheHoleWaitForTheResendThatFillsIt() {
        SourceMarks marks = new SourceMarks(Map.of("a", 10L), 16);
        SourceMarks.Source source = marks.source("a");
        marks.taken(source, 15, 3);
        marks.forgetUndurable(NOW);

        assertTrue(marks.awaitsResend(source, 16, NOW + 1), "16.. would acknowledge 11..15, which are gone");
        assertFalse(marks.awaitsResend(source, 11, NOW + 2), "the resend from 11 is taken");
        assertFalse(marks.awaitsResend(source, 16, NOW + 3), "and after it the wait is over");
    }

    @Test
    void aHoleTheSourceNeverFillsIsTakenAfterTheGrace() {
        SourceMarks marks = new SourceMarks(Map.of(), 16);
        SourceMarks.Source source = marks.source("a");
        marks.declined(source, NOW);

        assertTrue(marks.awaitsResend(source, 5, NOW + SourceMarks.RESEND_GRACE_NANOS - 1));
        assertFalse(marks.awaitsResend(source, 5, NOW + SourceMarks.RESEND_GRACE_NANOS));
    }

    @Test
    void aSourceThatLostNothingIsNeverHeldBack() {
        SourceMarks marks = new SourceMarks(Map.of("a", 10L), 16);
        marks.forgetUndurable(NOW);
        assertFalse(marks.awaitsResend(marks.source("a"), 20, NOW), "a gap of the source's own is taken at once");
    }
}
