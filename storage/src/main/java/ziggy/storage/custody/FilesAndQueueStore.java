package ziggy.storage.custody;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import ziggy.storage.dayfile.TypeFiles;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.QueueStats;

/**
 * The store of a daemon that writes day files and forwards ({@code --log-path} with {@code --forward}):
 * every event goes into the disk queue and then into its day file, so the two hold the same events in
 * the same order, and an event's queue seq (its position here) also places it in the files.
 *
 * <p>The invariant: after a kill -9 the day files and the queue hold the same events, so the local
 * files and the master end up with the same ones, each once. One record pairs the two, the master's
 * {@link CommitJournal} in the log folder: at each commit it holds the day files' lengths together with
 * the queue seq they stand for, written as the mark of the queue's own source id ("the day files hold
 * this queue's events through seq S"), beside the marks of agents that forward to this daemon. Then:
 * <ul>
 *   <li>the queue's readers (the forwarder) see no seq past S ({@link DiskQueue#limitReaders}), so
 *       nothing past the last commit ever goes upstream;</li>
 *   <li>the journal is marked dirty before the first event after a commit reaches a file, as a
 *       master's is before batch events;</li>
 *   <li>after a crash, {@link CommitJournal#recover} cuts a dirty journal's files back to its lengths and
 *       {@link #recover} throws the queue's events past S away ({@link DiskQueue#discardAfter}): both
 *       hold exactly the events through S, none of the rest has gone upstream, and the agents that
 *       forward here send theirs again.</li>
 * </ul>
 * A commit is made only in a loop turn where the files hold every event appended (the lengths of their
 * last settle are those of now) and the queue has written them all; the price is that single-frame
 * events taken since the last commit (at most a flush interval, 200 ms) are lost to both after a kill -9,
 * as on a relay, and that the forwarder sends an event only after the commit that covers it.
 *
 * <p>A forwarder's batch event is acknowledged to its source once it is durable in both: covered by a
 * commit, and fsynced in the queue (written, under {@code --fsync=never}); the day files are fsynced
 * at their settle unless {@code --fsync=never}. A write of the day files that fails (a full disk) loses
 * its events from the files only (counted in {@code files.lost_events}); the queue still forwards them.
 */
public final class FilesAndQueueStore implements EventStore<TypeFiles> {
    private static final Logger LOG = System.getLogger(FilesAndQueueStore.class.getName());
    /** How often the queue's figures are read for the durable seq; they take the queue's lock. */
    private static final long DURABLE_CHECK_NANOS = 5_000_000L;

    private final DayFileStore files;
    private final DiskQueue queue;
    private final String ownSource;
    private final boolean countWritten;
    /** The marks of forwarding sources as last persisted (this queue's own mark not among them). */
    private Map<String, Long> persistedMarks;
    /** The queue seq of the last event appended: the files hold exactly the events through it once settled. */
    private long lastSeq;
    /** The files' position (their count of events appended) of that event. */
    private long filesAppended;
    /** Whether the lengths of the files' last settle are their lengths now: every event appended is written. */
    private boolean filesSettled = true;
    /** The queue seq of the last commit: the forwarder reads no further, a restart keeps no more. */
    private long committedSeq;
    private boolean journalDirty;
    private long queueWritten;
    private long queueDurable;
    private long lastDurableCheck;

    private FilesAndQueueStore(DayFileStore files, DiskQueue queue, long committedSeq, Map<String, Long> marks) {
        this.files = files;
        this.queue = queue;
        this.ownSource = queue.sourceId();
        this.countWritten = queue.options().fsync() instanceof FsyncPolicy.Never;
        this.committedSeq = committedSeq;
        this.lastSeq = committedSeq;
        this.persistedMarks = marks;
        QueueStats stats = queue.stats();
        this.queueWritten = stats.writtenSeq();
        this.queueDurable = durableSeq(stats);
    }

    /**
     * Before anything is appended or read: makes the queue agree with the day files that {@code journal}
     * (already recovered, its files cut back when it was dirty) describes, holds the queue's readers to
     * them, and commits that point at once, so that a crash before the first regular commit still finds
     * this queue's mark.
     *
     * <p>Without this queue's mark in the journal (the first start in this role), everything the queue
     * holds counts as covered: it came from an earlier run as an agent and is forwarded as it was going to
     * be; the day files never had it.
     *
     * @throws IllegalStateException when the first commit cannot be written (the journal's folder fails)
     */
    public static FilesAndQueueStore recover(DayFileStore files, CommitJournal journal, DiskQueue queue) {
        Map<String, Long> marks = new HashMap<>(journal.recoveredMarks());
        Long recorded = marks.remove(queue.sourceId());
        QueueStats stats = queue.stats();
        long through = recorded == null ? stats.nextSeq() - 1 : Math.max(recorded, stats.acknowledgedSeq());
        if (recorded != null) {
            try {
                queue.discardAfter(through);
            } catch (IOException e) {
                // Holding readers back would keep what could not be thrown away from ever leaving: let it go.
                through = queue.stats().nextSeq() - 1;
                LOG.log(Level.ERROR, "cannot throw away the queue's events past seq " + recorded + ", written after the day"
                        + " files' last commit (" + e.getMessage() + "); forwarding them: the master gets events that"
                        + " the day files lack");
            }
        }
        queue.limitReaders(through);
        FilesAndQueueStore store = new FilesAndQueueStore(files, queue, through, Map.copyOf(marks));
        if (!store.commit(store.persistedMarks)) {
            throw new IllegalStateException("cannot write the commit journal " + CommitJournal.FILE_NAME
                    + " in the log folder");
        }
        return store;
    }

    /** The forwarding sources' marks as recovered, without this queue's own. */
    public Map<String, Long> recoveredMarks() {
        return persistedMarks;
    }

    @Override
    public TypeFiles perType(String type) {
        return files.perType(type);
    }

    @Override
    public long append(TypeFiles perType, int day, ByteBuffer source, int offset, int length, long nanoTime) {
        // Before the event can reach a file past the committed lengths: a crash must cut it away again,
        // since the queue throws away whatever the last commit does not cover.
        if (!journalDirty) {
            if (!files.beforeBatchEvents()) {
                return -1;
            }
            journalDirty = true;
        }
        long seq = queue.append(source, offset, length);
        if (seq == DiskQueue.REJECTED) {
            return -1;
        }
        filesAppended = files.append(perType, day, source, offset, length, nanoTime);
        lastSeq = seq;
        filesSettled = false;
        return seq;
    }

    /** The queue's: an event it cannot take is not filed either. */
    @Override
    public int largestEvent() {
        return queue.maxEventBytes();
    }

    @Override
    public long onTick(long nanoTime) {
        queue.endBatch();
        long filesDurable = files.onTick(nanoTime);
        // After a failed write the files settled too, at their lengths without that write's events.
        filesSettled |= filesDurable == LOST || filesDurable == filesAppended;
        if (filesSettled && lastSeq > committedSeq && queueWrittenThroughLastSeq()) {
            commit(persistedMarks);
        }
        if (filesDurable == LOST) {
            return LOST;
        }
        if (nanoTime - lastDurableCheck >= DURABLE_CHECK_NANOS) {
            lastDurableCheck = nanoTime;
            readQueue();
        }
        return durablePosition();
    }

    /** Through which seq an event is safe in both: covered by a commit, and durable in the queue. */
    private long durablePosition() {
        return Math.min(committedSeq, queueDurable);
    }

    private boolean queueWrittenThroughLastSeq() {
        if (queueWritten < lastSeq) {
            readQueue();
        }
        return queueWritten >= lastSeq;
    }

    private void readQueue() {
        QueueStats stats = queue.stats();
        queueWritten = stats.writtenSeq();
        queueDurable = durableSeq(stats);
    }

    private long durableSeq(QueueStats stats) {
        return countWritten ? stats.writtenSeq() : stats.syncedSeq();
    }

    @Override
    public boolean beforeBatchEvents() {
        // Every event, not only a batch's, already marks the journal dirty before it is appended.
        return true;
    }

    /**
     * Persisted only while the files' lengths are those of now and the queue has written all: any other
     * moment would pair the marks with lengths that some file has already outgrown. False then, and the
     * collect thread offers the marks again, at the latest at the next settle (200 ms).
     */
    @Override
    public boolean persistMarks(Map<String, Long> durableMarks) {
        return filesSettled && queueWrittenThroughLastSeq() && commit(durableMarks);
    }

    /** The files' lengths, {@code marks} and this queue's mark at {@link #lastSeq}, persisted; then readers go on. */
    private boolean commit(Map<String, Long> marks) {
        Map<String, Long> withOwn = new HashMap<>(marks);
        withOwn.put(ownSource, lastSeq);
        if (!files.persistMarks(withOwn)) {
            return false;
        }
        persistedMarks = Map.copyOf(marks);
        committedSeq = lastSeq;
        journalDirty = false;
        queue.limitReaders(committedSeq);
        return true;
    }

    @Override
    public long close() {
        boolean queueSynced;
        try {
            queue.sync();
            queueSynced = true;
        } catch (IOException e) {
            // What the queue did not write stays uncommitted: after the restart both sinks go without it.
            queueSynced = false;
            LOG.log(Level.ERROR, "cannot write the queue at the stop: " + e.getMessage());
        }
        long filesDurable = files.close();
        filesSettled = true;
        readQueue();
        if (queueSynced && lastSeq > committedSeq && queueWrittenThroughLastSeq()) {
            commit(persistedMarks);
        }
        return filesDurable == LOST || !queueSynced ? LOST : durablePosition();
    }
}
