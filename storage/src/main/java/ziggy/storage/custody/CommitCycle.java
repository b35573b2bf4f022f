package ziggy.storage.custody;

/**
 * The rule "durable, then acknowledged", for every store: at each loop turn the store writes what is
 * due and says through which position all is durable; the source marks move to it, are persisted with
 * the store's own state ({@link EventStore#persistMarks}), and only then published as what
 * {@code COMMITTED} answers. A store that lost events makes every source go back to its durable mark.
 * Before the first batch event after a commit, the store notes durably that batch events may follow.
 *
 * <p>Collect thread only.
 */
public final class CommitCycle {
    private final EventStore<?> store;
    private final SourceMarks marks;
    private long lastDurable;
    private boolean commitFailed;
    /** Whether batch events were taken since the marks were last persisted. */
    private boolean batchEventsSincePersist;
    /** Whether marks changed with no write (events refused or resent, sources forgotten) since the last commit. */
    private boolean marksWithoutWrite;

    public CommitCycle(EventStore<?> store, SourceMarks marks) {
        this.store = store;
        this.marks = marks;
    }

    /** Before a batch's events are taken: false when the store cannot note that they follow (then none is). */
    public boolean beforeBatchEvents() {
        if (!batchEventsSincePersist) {
            if (!store.beforeBatchEvents()) {
                return false;
            }
            batchEventsSincePersist = true;
        }
        return true;
    }

    /**
     * Marks changed with no store write to settle: taken for events that wrote nothing (a refused or resent Kafka
     * record), which may already stand at a durable position, or idle sources forgotten
     * ({@link SourceMarks#expireIdle}). They are committed at the next turn that is safe.
     */
    public void marksChangedWithoutWrite() {
        marksWithoutWrite = true;
    }

    /** A turn of the collect loop. */
    public void onLoopTurn(long nanoTime) {
        long durable = store.onTick(nanoTime);
        // In the very turn the store settles: a master's journal must pair its marks with the file lengths of
        // that moment, before any later batch event is written (a later turn could write some, unrecorded).
        // Marks taken without a write may be committed in another turn only while the store's persisted state
        // still describes all it holds: no batch event taken since the last commit, or all appended durable.
        if (durable != lastDurable || commitFailed
                || (marksWithoutWrite && (!batchEventsSincePersist || store.appendedPosition() == durable))) {
            lastDurable = durable;
            marksWithoutWrite = false;
            commitThrough(durable, nanoTime);
        }
    }

    /** After the last message: the store writes and closes, and what it holds is committed. */
    public void close(long nanoTime) {
        commitThrough(store.close(), nanoTime);
    }

    private void commitThrough(long durablePosition, long nanoTime) {
        if (durablePosition == EventStore.LOST) {
            marks.forgetUndurable(nanoTime);
            return;
        }
        marks.advance(durablePosition);
        if (marks.changed() || store.needsCommit(durablePosition)) {
            commitFailed = !store.persistMarks(marks.durable());
            if (!commitFailed) {
                marks.publish();
                batchEventsSincePersist = false;
            }
        }
    }
}
