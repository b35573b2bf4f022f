package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A source's marks: acknowledged only once durable, no acknowledgement over events this master declined, and
 * forgotten once idle for the expiry with nothing left to acknowledge.
 */
class SourceMarksTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final SourceExpiry A_MINUTE = new SourceExpiry(Duration.ofMinutes(1), name -> name.startsWith("kept"));
    /** Long enough that nothing expires within a test: what is forgotten is forgotten to make room. */
    private static final SourceExpiry A_DAY = new SourceExpiry(Duration.ofDays(1), name -> false);
    private static final String PEER = "192.0.2.7";
    private static final String FLOODER = "192.0.2.66";

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
        marks.taken(marks.source(PEER, "OWNER-KEY", "agent-1"), 5, 1);
        marks.taken(marks.source(PEER, "FORGER-KEY", "agent-1"), 1_000_000_000L, 2);
        marks.advance(2);
        marks.publish();

        assertEquals(5, marks.committed("OWNER-KEY", "agent-1"), "the owner is acknowledged only what it sent");
        assertEquals(5, marks.source(PEER, "OWNER-KEY", "agent-1").taken(), "the owner's events after 5 are still taken");
        assertEquals(1_000_000_000L, marks.committed("FORGER-KEY", "agent-1"));
        assertEquals(0, marks.committed("agent-1"), "nothing under the bare id");
    }

    @Test
    void whereAnyKeyIsTakenSourcesGoByTheirIdsAlone() {
        SourceMarks marks = new SourceMarks(Map.of(), 16, false);
        marks.taken(marks.source(PEER, "ONE-KEY", "agent-1"), 5, 1);
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
        SourceMarks.Source source = marks.source(PEER, "OWNER-KEY", "agent-1");
        assertEquals(40, source.taken(), "a resend of 1..40 is dropped, not written twice");
        marks.taken(source, 45, 1);
        marks.advance(1);
        marks.publish();
        assertEquals(45, marks.committed("OWNER-KEY", "agent-1"));
        assertEquals(40, marks.committed("agent-1"), "the bare id's marks stay as they were");
        assertEquals(40, marks.source(PEER, "OTHER-KEY", "agent-1").taken(), "and every other key starts from them, not from the owner's");
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
        SourceMarks marks = new SourceMarks(Map.of(), 2, 2, false, A_MINUTE);
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
        SourceMarks marks = new SourceMarks(Map.of(), 16, 16, false, new SourceExpiry(Duration.ofSeconds(1), name -> false));
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
        SourceMarks kept = new SourceMarks(Map.of("kept-offsets", 40L, "agent", 9L), 16, 16, false, A_MINUTE);
        kept.expireIdle(NOW);
        assertEquals(1, kept.expireIdle(NOW + 3_600 * SECOND));
        assertEquals(40, kept.committed("kept-offsets"));
        assertEquals(0, kept.committed("agent"));

        SourceMarks never = new SourceMarks(Map.of("agent", 9L), 16, 16, false, SourceExpiry.NEVER);
        never.expireIdle(NOW);
        assertEquals(0, never.expireIdle(NOW + 365L * 86_400 * SECOND));
        assertEquals(9, never.committed("agent"));
    }

    @Test
    void idleSourcesAreLookedForAtMostOnceASecond() {
        SourceMarks marks = new SourceMarks(Map.of(), 16, 16, false, new SourceExpiry(Duration.ofSeconds(1), name -> false));
        marks.expireIdle(NOW);
        marks.expireIdle(NOW + 900_000_000L);
        marks.source("a");
        assertEquals(0, marks.expireIdle(NOW + SECOND), "looked at, not idle long enough");
        assertEquals(0, marks.expireIdle(NOW + 1_950_000_000L), "idle long enough, but too soon after the last look");
        assertEquals(1, marks.expireIdle(NOW + 2 * SECOND));
    }

    @Test
    void aPeerAtItsQuotaTakesANewSourceOnlyInThePlaceOfItsOwnIdlestSettledOne() {
        SourceMarks marks = new SourceMarks(Map.of(), 100, 3, false, A_DAY);
        marks.expireIdle(NOW);
        takeFromTheFlooder(marks, "x1", "x2", "x3");
        marks.taken(marks.source(PEER, null, "agent"), 5, 2);
        marks.advance(2);
        marks.publish();

        marks.expireIdle(NOW + SECOND);
        assertNull(marks.source(FLOODER, null, "x4"), "its three sources were active a second ago");
        assertNotNull(marks.source(PEER, null, "agent-2"), "another peer's new source is not held to the flooder's quota");
        assertNotNull(marks.source(FLOODER, null, "x2"), "a known source of a peer at its quota is taken as ever");

        marks.expireIdle(NOW + SECOND + SourceMarks.EVICTABLE_AFTER_NANOS);
        assertNotNull(marks.source(FLOODER, null, "x4"), "x1 and x3 were idle a minute");
        assertEquals(1, marks.takeEvicted());
        assertEquals(0, marks.takeEvicted(), "counted once");
        assertEquals(0, marks.committed("x1"), "the idlest went: COMMITTED no longer answers for it");
        assertEquals(1, marks.committed("x3"));
        assertEquals(5, marks.committed("agent"), "the other peer's idle source stays");
        assertTrue(marks.changed(), "the store persists the marks without it");
        assertFalse(marks.durable().containsKey("x1"));
    }

    @Test
    void aFullTableTakesANewSourceInThePlaceOfAnIdleOneOfThePeerHoldingMost() {
        SourceMarks marks = new SourceMarks(Map.of(), 4, 4, false, A_DAY);
        marks.expireIdle(NOW);
        takeFromTheFlooder(marks, "x1", "x2", "x3");
        marks.taken(marks.source(PEER, null, "agent"), 1, 1);
        marks.advance(1);
        marks.publish();
        assertNull(marks.source("192.0.2.99", null, "new"), "the table is full, and none is idle a minute");

        marks.expireIdle(NOW + 2 * SECOND + SourceMarks.EVICTABLE_AFTER_NANOS);
        assertNotNull(marks.source("192.0.2.99", null, "new"));
        assertEquals(0, marks.committed("x1"), "the flooder holds most");
        assertEquals(1, marks.committed("agent"));
        assertEquals(4, marks.size());
    }

    @Test
    void aSourceWithEventsNotYetDurableIsNeverForgottenToMakeRoom() {
        SourceMarks marks = new SourceMarks(Map.of(), 100, 1, false, A_DAY);
        marks.expireIdle(NOW);
        marks.taken(marks.source(PEER, null, "undurable"), 5, 10);

        marks.expireIdle(NOW + 2 * SourceMarks.EVICTABLE_AFTER_NANOS);
        assertNull(marks.source(PEER, null, "new"), "forgetting it would lose the acknowledgement it is owed");
        marks.advance(10);
        assertNotNull(marks.source(PEER, null, "new"));
    }

    @Test
    void withoutExpiryNothingIsForgottenToMakeRoom() {
        SourceMarks marks = new SourceMarks(Map.of(), 100, 1, false, SourceExpiry.NEVER);
        marks.expireIdle(NOW);
        marks.source(PEER, null, "first");

        marks.expireIdle(NOW + 365L * 86_400 * SECOND);
        assertNull(marks.source(PEER, null, "second"), "--source-expiry=never keeps every source's marks");
        assertEquals(0, marks.takeEvicted());
    }

    @Test
    void recoveredSourcesBelongToNoPeerUntilTheyAreHeardFromAndAFullTableOfThemMakesRoom() {
        SourceMarks marks = new SourceMarks(Map.of("old-1", 3L, "old-2", 4L, "old-3", 5L), 3, 1, false, A_DAY);
        marks.expireIdle(NOW);
        assertNotNull(marks.source(PEER, null, "old-3"), "a recovered source is known: no quota to meet");
        assertNull(marks.source("192.0.2.99", null, "new"), "the table is full");

        marks.expireIdle(NOW + SECOND + SourceMarks.EVICTABLE_AFTER_NANOS);
        assertNotNull(marks.source("192.0.2.99", null, "new"), "the two never heard from since the start are the most");
        assertEquals(1, marks.takeEvicted());
        assertEquals(1, Stream.of("old-1", "old-2").filter(id -> marks.committed(id) == 0).count());
        assertEquals(5, marks.committed("old-3"));
    }

    @Test
    void aSourceRefusedForWantOfRoomIsNamedSoUntilItIsTakenAndOnlyTheLatestRefusedAreKept() {
        SourceMarks marks = new SourceMarks(Map.of(), 100, 1, true, A_DAY);
        marks.expireIdle(NOW);
        marks.source(PEER, "OWNER-KEY", "agent-1");
        assertNull(marks.source(PEER, "OWNER-KEY", "agent-2"));

        assertTrue(marks.refusedForRoom("OWNER-KEY", "agent-2"));
        assertFalse(marks.refusedForRoom("OTHER-KEY", "agent-2"), "another client's source of that id was not refused");
        assertFalse(marks.refusedForRoom("OWNER-KEY", "agent-1"));

        marks.expireIdle(NOW + SourceMarks.EVICTABLE_AFTER_NANOS);
        assertNotNull(marks.source(PEER, "OWNER-KEY", "agent-2"));
        assertFalse(marks.refusedForRoom("OWNER-KEY", "agent-2"), "taken now");

        marks.source(PEER, "OWNER-KEY", "refused-0");
        for (int i = 1; i <= RefusedSources.MOST; i++) {
            assertNull(marks.source(PEER, "OWNER-KEY", "refused-" + i));
        }
        assertTrue(marks.refusedForRoom("OWNER-KEY", "refused-" + RefusedSources.MOST));
        assertTrue(marks.refusedForRoom("OWNER-KEY", "refused-1"));
        assertNull(marks.source(PEER, "OWNER-KEY", "refused-0-again"));
        assertFalse(marks.refusedForRoom("OWNER-KEY", "refused-1"), "the least recently refused is forgotten past the most kept");
    }

    /** One batch of seq 1, at store position 1, under each of {@code ids} from {@link #FLOODER}. */
    private static void takeFromTheFlooder(SourceMarks marks, String... ids) {
        for (String id : ids) {
            marks.taken(marks.source(FLOODER, null, id), 1, 1);
        }
    }
}
