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
    void whereClientKeysAreIdentitiesAnotherKeySendingASourcesIdMovesOnlyMarksOfItsOwn() {
        SourceMarks marks = new SourceMarks(Map.of(), 16, true);
        marks.taken(marks.source("OWNER-KEY", "agent-1"), 5, 1);
        marks.taken(marks.source("FORGER-KEY", "agent-1"), 1_000_000_000L, 2);
        marks.advance(2);
        marks.publish();

        assertEquals(5, marks.committed("OWNER-KEY", "agent-1"), "the owner is acknowledged only what it sent");
        assertEquals(5, marks.source("OWNER-KEY", "agent-1").taken(), "the owner's events after 5 are still taken");
        assertEquals(1_000_000_000L, marks.committed("FORGER-KEY", "agent-1"));
        assertEquals(0, marks.committed("agent-1"), "nothing under the bare id");
    }

    @Test
    void whereAnyKeyIsTakenSourcesGoByTheirIdsAlone() {
        SourceMarks marks = new SourceMarks(Map.of(), 16, false);
        marks.taken(marks.source("ONE-KEY", "agent-1"), 5, 1);
        marks.advance(1);
        marks.publish();

        assertEquals(5, marks.committed("ANOTHER-KEY", "agent-1"), "a forwarder's key may change at each start");
        assertEquals(5, marks.committed(null, "agent-1"));
        assertEquals(1, marks.size());
    }

    @Test
    void aKeyedSourceStartsFromTheMarksItsIdHadBeforeItsConnectionsWereKeyed() {
        SourceMarks marks = new SourceMarks(Map.of("agent-1", 40L), 16, true);

        assertEquals(40, marks.committed("OWNER-KEY", "agent-1"), "COMMITTED before its first keyed batch");
        SourceMarks.Source source = marks.source("OWNER-KEY", "agent-1");
        assertEquals(40, source.taken(), "a resend of 1..40 is dropped, not written twice");
        marks.taken(source, 45, 1);
        marks.advance(1);
        marks.publish();
        assertEquals(45, marks.committed("OWNER-KEY", "agent-1"));
        assertEquals(40, marks.committed("agent-1"), "the bare id's marks stay as they were");
        assertEquals(40, marks.source("OTHER-KEY", "agent-1").taken(), "and every other key starts from them, not from the owner's");
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
