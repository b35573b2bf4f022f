package ziggy.storage.custody;

import java.nio.ByteBuffer;
import java.util.Map;

import ziggy.storage.dayfile.DayFileWriter;
import ziggy.storage.dayfile.TypeFiles;

/**
 * A master's store: the day files ({@link DayFileWriter}) with their {@link CommitJournal}. An event's
 * position is its number since the start; everything appended is durable once the writer has flushed
 * every buffer, which it does every {@value ziggy.storage.dayfile.DayFileWriter#FLUSH_INTERVAL_MILLIS} ms,
 * and, unless {@code --fsync=never}, fsynced the files when what was written since is to be acknowledged
 * (batch events, Kafka records): an fsync on the collect thread costs a master fed by plain clients a tenth
 * of its rate and buys them nothing, since nothing is acknowledged to them. The lengths taken at that
 * moment go into the journal with the marks, so the two always describe the same point.
 */
public final class DayFileStore implements EventStore<TypeFiles> {
    private final DayFileWriter writer;
    private final CommitJournal journal;
    private final boolean forceFiles;
    private long appended;
    private long durable;
    private long failuresSeen;
    /** Events to be acknowledged were written since the marks were last persisted: the next settle fsyncs. */
    private boolean acknowledgedWrites;
    private Map<String, Long> durableLengths = Map.of();

    public DayFileStore(DayFileWriter writer, CommitJournal journal, boolean forceFiles) {
        this.writer = writer;
        this.journal = journal;
        this.forceFiles = forceFiles;
    }

    @Override
    public TypeFiles perType(String type) {
        return writer.filesFor(type);
    }

    @Override
    public long append(TypeFiles files, int day, ByteBuffer source, int offset, int length, long nanoTime) {
        writer.append(files, day, source, offset, length, nanoTime);
        return ++appended;
    }

    @Override
    public long onTick(long nanoTime) {
        if (writer.onTick(nanoTime)) {
            return settle();
        }
        return durable;
    }

    /** After a flush of every buffer: all appended is durable, unless a write failed since the last time. */
    private long settle() {
        durableLengths = writer.settle(forceFiles && acknowledgedWrites);
        long failures = writer.writeFailures();
        if (failures != failuresSeen) {
            failuresSeen = failures;
            durable = appended;
            return LOST;
        }
        durable = appended;
        return durable;
    }

    @Override
    public long appendedPosition() {
        return appended;
    }

    @Override
    public boolean beforeBatchEvents() {
        acknowledgedWrites = true;
        return journal.markDirty();
    }

    @Override
    public boolean persistMarks(Map<String, Long> durableMarks) {
        boolean persisted = journal.commit(durableLengths, durableMarks);
        if (persisted) {
            // Batch events taken after this commit note themselves again (CommitCycle.beforeBatchEvents).
            acknowledgedWrites = false;
        }
        return persisted;
    }

    @Override
    public long close() {
        writer.flushAll(System.nanoTime());
        long settled = settle();
        writer.close();
        return settled;
    }
}
