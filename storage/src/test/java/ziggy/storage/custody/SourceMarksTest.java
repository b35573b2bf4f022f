package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A source's marks: acknowledged only once durable, no acknowledgement over events this master declined, and
 * forgotten once idle for the expiry with nothing left to acknowledge.
 */
class SourceMarksTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final SourceExpiry A_MINUTE = new SourceExpiry(Duration.ofMinutes(1), name -> name.startsWith("kept"));

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

    @Test
    void aSourceIdleForTheExpiryIsForgottenAndItsPlaceGoesToANewOne() {
        SourceMarks marks = new SourceMarks(Map.of(), 2, false, A_MINUTE);
        marks.expireIdle(NOW);
        marks.taken(marks.source("quiet"), 7, 1);
        marks.taken(marks.source("busy"), 3, 2);
        marks.advance(2);
        marks.publish();
        assertNull(marks.source("new"), "the table is full");

        marks.expireIdle(NOW + 30 * SECOND);
        marks.source("busy");
        assertEquals(1, marks.expireIdle(NOW + 61 * SECOND), "quiet sent nothing for a minute; busy did");

        assertEquals(0, marks.committed("quiet"), "COMMITTED no longer answers for it");
        assertEquals(3, marks.committed("busy"));
        assertTrue(marks.changed(), "the store persists the marks without it");
        assertEquals(Map.of("busy", 3L), marks.durable());
        assertNotNull(marks.source("new"), "its place is free");
    }

    @Test
    void aSourceWithEventsNotYetDurableIsNotForgottenNorOneAwaitingAResendWithinItsGrace() {
        SourceMarks marks = new SourceMarks(Map.of(), 16, false, new SourceExpiry(Duration.ofSeconds(1), name -> false));
        marks.expireIdle(NOW);
        marks.taken(marks.source("undurable"), 5, 10);
        marks.declined(marks.source("declined"), NOW);

        assertEquals(0, marks.expireIdle(NOW + 10 * SECOND), "forgetting either would lose what it is owed");
        marks.advance(10);
        assertEquals(1, marks.expireIdle(NOW + 12 * SECOND), "undurable's events are durable now");
        assertEquals(1, marks.expireIdle(NOW + SourceMarks.RESEND_GRACE_NANOS), "the grace of declined is over");
        assertEquals(0, marks.size());
    }

    @Test
    void marksTheExpiryKeepsAndMarksOfADaemonWithoutExpiryAreNeverForgotten() {
        SourceMarks kept = new SourceMarks(Map.of("kept-offsets", 40L, "agent", 9L), 16, false, A_MINUTE);
        kept.expireIdle(NOW);
        assertEquals(1, kept.expireIdle(NOW + 3_600 * SECOND));
        assertEquals(40, kept.committed("kept-offsets"));
        assertEquals(0, kept.committed("agent"));

        SourceMarks never = new SourceMarks(Map.of("agent", 9L), 16, false, SourceExpiry.NEVER);
        never.expireIdle(NOW);
        assertEquals(0, never.expireIdle(NOW + 365L * 86_400 * SECOND));
        assertEquals(9, never.committed("agent"));
    }

    @Test
    void idleSourcesAreLookedForAtMostOnceASecond() {
        SourceMarks marks = new SourceMarks(Map.of(), 16, false, new SourceExpiry(Duration.ofSeconds(1), name -> false));
        marks.expireIdle(NOW);
        marks.expireIdle(NOW + 900_000_000L);
        marks.source("a");
        assertEquals(0, marks.expireIdle(NOW + SECOND), "looked at, not idle long enough");
        assertEquals(0, marks.expireIdle(NOW + 1_950_000_000L), "idle long enough, but too soon after the last look");
        assertEquals(1, marks.expireIdle(NOW + 2 * SECOND));
    }
}
