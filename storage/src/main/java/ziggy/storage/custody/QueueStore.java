package ziggy.storage.custody;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.QueueStats;

/**
 * An agent's store: its {@link DiskQueue}. An event's position is its queue seq; what is durable is what
 * the queue has fsynced (written, under {@code --fsync=never}), which is also what its forwarder may read.
 * Types and days mean nothing here: the master files the events when they arrive.
 */
public final class QueueStore implements EventStore<Void> {
    /** How often the queue's figures are read for the durable seq; they take the queue's lock. */
    private static final long DURABLE_CHECK_NANOS = 5_000_000L;

    private final DiskQueue queue;
    private final boolean countWritten;
    private final RelayJournal journal;
    private long durable;
    private long lastCheck;

    public QueueStore(DiskQueue queue, RelayJournal journal) {
        this.queue = queue;
        this.journal = journal;
        this.countWritten = queue.options().fsync() instanceof FsyncPolicy.Never;
        this.durable = durableSeq(queue.stats());
    }

    @Override
    public Void perType(String type) {
        return null;
    }

    @Override
    public long append(Void perType, int day, ByteBuffer source, int offset, int length, long nanoTime) {
        long seq = queue.append(source, offset, length);
        return seq == DiskQueue.REJECTED ? -1 : seq;
    }

    @Override
    public int largestEvent() {
        return queue.maxEventBytes();
    }

    @Override
    public long onTick(long nanoTime) {
        queue.endBatch();
        if (nanoTime - lastCheck >= DURABLE_CHECK_NANOS) {
            lastCheck = nanoTime;
            durable = durableSeq(queue.stats());
        }
        return durable;
    }

    private long durableSeq(QueueStats stats) {
        return countWritten ? stats.writtenSeq() : stats.syncedSeq();
    }

    @Override
    public boolean beforeBatchEvents() {
        return journal.beforeBatchEvents(queue.stats().nextSeq() - 1);
    }

    @Override
    public boolean needsCommit(long durablePosition) {
        return journal.holdsReaders() && durablePosition > journal.through();
    }

    @Override
    public boolean persistMarks(Map<String, Long> durableMarks) {
        return journal.commit(durable, durableMarks);
    }

    @Override
    public long close() {
        try {
            queue.sync();
        } catch (IOException e) {
            // Whatever the queue did not write stays unacknowledged; its sources send it again.
            return LOST;
        }
        durable = durableSeq(queue.stats());
        return durable;
    }
}
