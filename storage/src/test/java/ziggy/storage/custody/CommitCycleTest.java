package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Durable, then acknowledged: a mark is published only after the store's tick made it durable and its journal is persisted. */
class CommitCycleTest {
    private static final long NOW = 1_000_000_000_000L;

    private final ScriptedStore store = new ScriptedStore();
    private final SourceMarks marks = new SourceMarks(Map.of("a", 10L), 16);
    private final CommitCycle cycle = new CommitCycle(store, marks);

    @Test
    void aMarkIsPublishedOnlyAfterTheStoreSaysItsEventsAreDurableAndTheJournalIsPersisted() {
        marks.taken(marks.source("a"), 15, 3);

        store.durable = 2;
        cycle.onLoopTurn(NOW);
        assertEquals(List.of("tick"), store.calls, "nothing durable past the mark: nothing persisted");
        assertEquals(10, marks.committed("a"));

        store.durable = 3;
        cycle.onLoopTurn(NOW + 1);
        assertEquals(List.of("tick", "tick", "persist {a=15}"), store.calls);
        assertEquals(10, store.committedDuringPersist, "not yet published while the journal is written");
        assertEquals(15, marks.committed("a"));
    }

    @Test
    void aFailedPersistPublishesNothingAndIsOfferedAgainAtTheNextTurn() {
        marks.taken(marks.source("a"), 15, 3);
        store.durable = 3;
        store.persists = false;

        cycle.onLoopTurn(NOW);
        assertEquals(10, marks.committed("a"), "the journal does not have 15: COMMITTED must not say it");

        store.persists = true;
        cycle.onLoopTurn(NOW + 1);
        assertEquals(List.of("tick", "persist {a=15}", "tick", "persist {a=15}"), store.calls,
                "offered again although the store's durable position did not move");
        assertEquals(15, marks.committed("a"));
    }

    @Test
    void aStoreThatLostEventsPublishesNothingAndItsSourcesSendThemAgain() {
        SourceMarks.Source source = marks.source("a");
        marks.taken(source, 15, 3);
        store.durable = EventStore.LOST;

        cycle.onLoopTurn(NOW);

        assertEquals(List.of("tick"), store.calls);
        assertEquals(10, marks.committed("a"));
        assertEquals(10, source.taken(), "11..15 are taken again when they come again");
        assertTrue(marks.awaitsResend(source, 16, NOW + 1), "later events wait for the lost ones");
    }

    @Test
    void theStoreNotesOncePerCommitThatBatchEventsFollow() {
        assertTrue(cycle.beforeBatchEvents());
        assertTrue(cycle.beforeBatchEvents());
        assertEquals(List.of("before batch"), store.calls, "once until the marks are next persisted");

        marks.taken(marks.source("a"), 11, 1);
        store.durable = 1;
        cycle.onLoopTurn(NOW);
        assertTrue(cycle.beforeBatchEvents());
        assertEquals(List.of("before batch", "tick", "persist {a=11}", "before batch"), store.calls);
    }

    @Test
    void aStoreThatCannotNoteThatBatchEventsFollowRefusesTheBatchAndIsAskedAgain() {
        store.notesBatches = false;
        assertFalse(cycle.beforeBatchEvents());
        store.notesBatches = true;
        assertTrue(cycle.beforeBatchEvents());
        assertEquals(List.of("before batch", "before batch"), store.calls);
    }

    @Test
    void closingCommitsWhatTheStoreHoldsOnceClosed() {
        marks.taken(marks.source("a"), 12, 2);

        cycle.close(NOW);

        assertEquals(List.of("close", "persist {a=12}"), store.calls);
        assertEquals(12, marks.committed("a"));
    }

    @Test
    void aStoreThatWantsItsStatePersistedGetsACommitThoughNoMarkMoved() {
        store.wantsCommit = true;
        store.durable = 5;

        cycle.onLoopTurn(NOW);

        assertEquals(List.of("tick", "persist {a=10}"), store.calls);
    }

    /** A store whose answers the test sets, and which records what the cycle asked of it, in order. */
    private final class ScriptedStore implements EventStore<Void> {
        final List<String> calls = new ArrayList<>();
        long durable;
        boolean persists = true;
        boolean notesBatches = true;
        boolean wantsCommit;
        long committedDuringPersist = -1;

        @Override
        public Void perType(String type) {
            return null;
        }

        @Override
        public long append(Void perType, int day, ByteBuffer source, int offset, int length, long nanoTime) {
            throw new AssertionError("the cycle appends nothing");
        }

        @Override
        public long onTick(long nanoTime) {
            calls.add("tick");
            return durable;
        }

        @Override
        public boolean beforeBatchEvents() {
            calls.add("before batch");
            return notesBatches;
        }

        @Override
        public boolean persistMarks(Map<String, Long> durableMarks) {
            calls.add("persist " + durableMarks);
            committedDuringPersist = marks.committed("a");
            return persists;
        }

        @Override
        public boolean needsCommit(long durablePosition) {
            return wantsCommit;
        }

        @Override
        public long close() {
            calls.add("close");
            return durable == EventStore.LOST ? EventStore.LOST : Math.max(durable, 2);
        }
    }
}
