package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.io.FileIo;

/**
 * The agent's disk queue: every collected event is appended with the next 64-bit sequence number, kept
 * in segment files ({@link SegmentFormat}, {@link RecordFormat}) until the upstream acknowledges it, and
 * read back by {@link QueueCursor}s from any seq.
 *
 * <p>A queue folder holds:
 * <pre>
 *   lock                 the OS lock of the open queue ({@link FolderLock})
 *   source-id            the queue's source id ({@link SourceId})
 *   state                acknowledged seq and seq floor ({@link AckLedger})
 *   00000000000000000001.seg, …   the segments, oldest first; the last one is appended to (the head)
 *   damaged/             bytes recovery could not use, for a person to read ({@link DamagedBytes})
 * </pre>
 *
 * <p>Invariants: seqs start at 1 and only grow, across restarts too; a record is visible to readers only
 * once it is written (fsync {@code never}) or fsynced (otherwise), so a crash can never take back a record
 * a reader has seen, except by a power loss under {@code never}; a segment is deleted only when every
 * record in it is acknowledged (or when {@code drop-oldest} drops it, counted), and never while it is the
 * head.
 *
 * <p>A relay (a ziggyd that collects from agents and forwards too) also uses {@link #limitReaders} and
 * {@link #discardAfter}, so that its forwarder never reads what its own commit journal does not cover yet
 * and a restart throws away exactly that (docs/queue.md, "For relays").
 *
 * <p>Threads: {@link #append} and {@link #endBatch} come from one collect thread; {@link #ack}, cursors
 * and {@link #stats} from others; a background thread flushes and fsyncs on the {@link FsyncPolicy}'s
 * clock. One lock guards the in-memory state; fsync and the state file are written outside it. Cursors
 * take no lock: they read a published copy of the segment list and each segment's volatile readable end ({@link ReaderView}),
 * so that a reader polling for news never makes the collect thread's next append wait for it or wake it.
 * The reader that asked ({@link #wakeOnVisible}) is woken when records become visible, once per write
 * or fsync, not per append.
 */
public final class DiskQueue implements AutoCloseable {
    /** What {@link #append} returns when it did not take the event. */
    public static final long REJECTED = -1;

    private static final System.Logger LOG = System.getLogger(DiskQueue.class.getName());
    private static final long LEDGER_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long BACKGROUND_FLUSH_MILLIS = 100;
    /**
     * Seqs reserved at a time under fsync {@code never} ({@link #reservedSeq}): a state-file write (two fsyncs)
     * per half a million events, about one every half second at the agent's top rate; after a crash the next
     * seq starts past the reserve, a jump the upstream counts in {@code batches.gaps}.
     */
    static final long NEVER_RESERVE = 1_000_000;

    private final FileIo io;
    private final Path folder;
    private final QueueOptions options;
    private final FolderLock folderLock;
    private final String sourceId;
    private final RateLimitedLog throttled = new RateLimitedLog(LOG);
    private final int maxEventBytes;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spaceFreed = lock.newCondition();
    private final Object ledgerLock = new Object();
    private final CRC32C appendCrc = new CRC32C();
    private final HeadWriter writer;
    /** The writer's append buffer, filled here with whole records. */
    private final ByteBuffer buffer;
    private final ReaderView readers = new ReaderView();
    private final SegmentList segments;
    private final OldestEventAge age = new OldestEventAge();
    private final SyncClock background;

    private long nextSeq;
    private long writtenSeq;
    private long syncedSeq;
    private volatile long acknowledged;
    private volatile long seqFloor;
    /**
     * Under fsync {@code never}: the floor the state file holds, ahead of every record made visible. A power
     * loss can take back records that were written, not fsynced, and already forwarded; their seqs must never be
     * handed out again, or the upstream would drop the new events as duplicates of the lost ones. So seqs are
     * reserved {@link #NEVER_RESERVE} at a time in the (fsynced) state file before records using them are shown
     * to readers, as a database reserves a sequence's values ahead in its log. Under the other policies it never
     * rises above {@link #seqFloor}, so the state file holds the floor alone.
     */
    private volatile long reservedSeq;
    /** {@link #discardAfter} must come before the first append and the first cursor read since open. */
    private boolean appendedSinceOpen;
    private long dropped;
    private long corrupt;
    private long rejected;
    /** fsyncs of segment data and the time they took: what an agent's forwarding waits for. */
    private long fsyncs;
    private long fsyncNanos;
    private final long truncatedBytes;
    private long lastLedgerNanos;
    private boolean closed;

    private DiskQueue(FileIo io, Path folder, QueueOptions options, FolderLock folderLock, String sourceId, AckLedger.State state,
                      QueueRecovery recovery) throws IOException {
        this.io = io;
        this.folder = folder;
        this.options = options;
        this.folderLock = folderLock;
        this.sourceId = sourceId;
        this.maxEventBytes = (int) Math.min(options.maxEventBytes(),
                options.segmentBytes() - SegmentFormat.HEADER_BYTES - RecordFormat.HEADER_BYTES);
        this.segments = new SegmentList(recovery.segments, readers);
        this.corrupt = recovery.corruptEvents;
        this.truncatedBytes = recovery.truncatedBytes;
        long next = Math.max(1, Math.max(state.floor(), Math.max(state.acknowledged() + 1, recovery.highestBase)));
        for (Segment segment : segments.view()) {
            next = Math.max(next, segment.lastSeq + 1);
        }
        age.startFrom(segments.view());
        this.writer = new HeadWriter(io, folder, !(options.fsync() instanceof FsyncPolicy.Never), throttled);
        this.buffer = writer.buffer();
        this.nextSeq = next;
        this.writtenSeq = next - 1;
        this.syncedSeq = next - 1;
        this.acknowledged = Math.min(state.acknowledged(), next - 1);
        this.seqFloor = next;
        this.reservedSeq = next;
        openHead();
        segments.removeAcknowledged(acknowledged).forEach(this::deleteFile);
        writeLedgerQuietly();
        long period = options.fsync() instanceof FsyncPolicy.Interval interval ? interval.millis() : BACKGROUND_FLUSH_MILLIS;
        boolean force = !(options.fsync() instanceof FsyncPolicy.Never);
        background = new SyncClock("ziggy-queue-sync " + folder.getFileName(), period, () -> flushAndSync(force), throttled);
    }

    /**
     * Opens (creating it if needed) the queue in {@code folder}, locks it, and recovers its segments.
     *
     * @throws QueueFolderException when the folder cannot be created or used, or another process has it open
     * @throws IOException          when the disk fails while a new head segment is begun
     */
    public static DiskQueue open(Path folder, QueueOptions options) throws IOException {
        return open(folder, options, FileIo.SYSTEM);
    }

    /** {@link #open(Path, QueueOptions)} with every file reached through {@code io}. */
    public static DiskQueue open(Path folder, QueueOptions options, FileIo io) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new QueueFolderException("cannot create the queue folder " + folder + ": " + e, e);
        }
        if (!Files.isDirectory(folder)) {
            throw new QueueFolderException("the queue folder " + folder + " is not a folder");
        }
        FolderLock lock = FolderLock.acquire(io, folder);
        try {
            DamagedBytes damaged = new DamagedBytes(io, folder);
            String sourceId = SourceId.loadOrCreate(io, folder, damaged);
            AckLedger.State state = AckLedger.read(folder);
            if (state == null) {
                damaged.moveAside(folder.resolve(AckLedger.FILE), "state file is damaged; reading as nothing acknowledged");
                state = new AckLedger.State(0, 1);
            }
            QueueRecovery recovery = new QueueRecovery(io, folder, damaged);
            recovery.run(state.acknowledged());
            return new DiskQueue(io, folder, options, lock, sourceId, state, recovery);
        } catch (IOException | RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Appends to the newest segment left by the last run (recovery has cut it back to its last good
     * record), so that a start needs no new file, not even on a full disk; or begins the first one.
     */
    private void openHead() throws IOException {
        if (!segments.isEmpty()) {
            writer.openExisting(head());
            return;
        }
        try {
            segments.add(beginSegment());
        } catch (IOException e) {
            throw new QueueFolderException("cannot begin a queue segment in " + folder + ": " + e, e);
        }
    }

    /** Begins the segment of the next seq as the head; the caller closes the old head's channel. */
    private Segment beginSegment() throws IOException {
        Segment segment = writer.begin(nextSeq);
        seqFloor = segment.baseSeq;
        return segment;
    }

    public String sourceId() {
        return sourceId;
    }

    public Path folder() {
        return folder;
    }

    public QueueOptions options() {
        return options;
    }

    /** The largest event {@link #append} takes: the options' maximum, and at most what one segment holds. */
    public int maxEventBytes() {
        return maxEventBytes;
    }

    FileIo io() {
        return io;
    }

    /**
     * Appends bytes [off, off + len) of {@code buf} as one event, leaving {@code buf}'s position and limit
     * as they were. The record is buffered; it reaches the disk at {@link #endBatch()}, when the buffer
     * fills, or on the background clock.
     *
     * @return the event's seq, or {@link #REJECTED} when it was not taken (too large, the disk is full or
     *         failing, or a blocked append was interrupted or the queue closed); each rejection is counted
     */
    public long append(ByteBuffer buf, int off, int len) {
        lock.lock();
        try {
            if (closed) {
                return reject("closed", "append after the queue was closed");
            }
            if (len < 1 || len > maxEventBytes) {
                return reject("event size", "an event of " + len + " bytes is outside 1.." + maxEventBytes);
            }
            int recordBytes = RecordFormat.HEADER_BYTES + len;
            if (!makeRoom(recordBytes)) {
                return reject("queue full", "no room for an event while the queue holds " + segments.usedBytes() + " bytes");
            }
            Segment head = head();
            if (head.records > 0 && head.size + buffer.position() + recordBytes > options.segmentBytes() && !roll()) {
                return reject("write failed", "cannot begin a new segment");
            }
            if (recordBytes > buffer.remaining() && !flushBuffer()) {
                return reject("write failed", "cannot write to " + head().path);
            }
            if (recordBytes > buffer.capacity()) {
                return appendLarge(buf, off, len);
            }
            long seq = nextSeq;
            int payloadCrc = RecordFormat.checksum(buf, off, len, appendCrc);
            int at = buffer.position();
            RecordFormat.putHeader(buffer, at, len, seq, payloadCrc, appendCrc);
            buffer.put(at + RecordFormat.HEADER_BYTES, buf, off, len);
            buffer.position(at + recordBytes);
            nextSeq = seq + 1;
            appendedSinceOpen = true;
            head().recordAppended(seq);
            segments.appended(recordBytes);
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** An event bigger than the append buffer goes to the file in its own write. */
    private long appendLarge(ByteBuffer buf, int off, int len) {
        long seq = nextSeq;
        ByteBuffer record = ByteBuffer.allocate(RecordFormat.HEADER_BYTES + len);
        int payloadCrc = RecordFormat.checksum(buf, off, len, appendCrc);
        RecordFormat.putHeader(record, 0, len, seq, payloadCrc, appendCrc);
        record.put(RecordFormat.HEADER_BYTES, buf, off, len);
        if (!writer.write(head(), record)) {
            return reject("write failed", "cannot write to " + head().path);
        }
        nextSeq = seq + 1;
        appendedSinceOpen = true;
        head().recordAppended(seq);
        segments.appended(record.capacity());
        afterWrite();
        return seq;
    }

    private long reject(String reason, String detail) {
        rejected++;
        throttled.log(System.Logger.Level.WARNING, reason, "queue: event rejected (" + reason + "): " + detail);
        return REJECTED;
    }

    /** Applies the full policy until {@code recordBytes} more fit under max bytes; false when they never will. */
    private boolean makeRoom(int recordBytes) {
        while (segments.usedBytes() + recordBytes > options.maxBytes()) {
            if (closed || segments.count() < 2) {
                return false;
            }
            if (options.fullPolicy() == FullPolicy.DROP_OLDEST) {
                Segment oldest = segments.removeOldest();
                long lost = oldest.unacknowledged(acknowledged);
                dropped += lost;
                deleteFile(oldest);
                logLimited(System.Logger.Level.WARNING, "queue full, dropping oldest",
                        "dropped " + oldest + " with " + lost + " unacknowledged events");
            } else {
                logLimited(System.Logger.Level.WARNING, "queue full, blocking",
                        "appending waits for acknowledgements (" + segments.usedBytes() + " bytes held)");
                try {
                    spaceFreed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Under the lock: one more fsync of segment data, which took {@code nanos}. */
    private void countFsync(long nanos) {
        fsyncs++;
        fsyncNanos += nanos;
    }

    /** Closes the head (written, and fsynced unless fsync is never) and begins a new one at the next seq. */
    private boolean roll() {
        if (!flushBuffer()) {
            return false;
        }
        Segment old = head();
        FileChannel oldChannel = writer.channel();
        try {
            if (!(options.fsync() instanceof FsyncPolicy.Never)) {
                long began = System.nanoTime();
                oldChannel.force(false);
                countFsync(System.nanoTime() - began);
                syncedSeq = writtenSeq;
            } else if (!seqsReserved()) {
                // The old head's records become visible below: not before their seqs are reserved.
                return false;
            }
            Segment fresh = beginSegment();
            old.readableEnd = old.size;
            segments.add(fresh);
            readers.recordsVisible();
        } catch (IOException e) {
            writer.restore(oldChannel);
            writer.failed(e);
            return false;
        }
        try {
            oldChannel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "queue: closing " + old.path + ": " + e);
        }
        writeLedgerQuietly();
        return true;
    }

    /** Writes the append buffer to the head; false (the records stay buffered) when the disk refuses. */
    private boolean flushBuffer() {
        if (buffer.position() == 0) {
            if (options.fsync() instanceof FsyncPolicy.Never) {
                showWritten(); // records held back by a state file that could not be written, once it can
            }
            return true;
        }
        if (!writer.flush(head())) {
            return false;
        }
        afterWrite();
        return true;
    }

    private void afterWrite() {
        writtenSeq = nextSeq - 1;
        if (options.fsync() instanceof FsyncPolicy.Never) {
            showWritten();
        }
        age.written(writtenSeq, System.currentTimeMillis());
    }

    /** Under fsync {@code never}, under the lock: shows readers the head's written records once their seqs are reserved. */
    private void showWritten() {
        Segment head = head();
        if (head.readableEnd < head.size && seqsReserved()) {
            head.readableEnd = head.size;
            readers.recordsVisible();
        }
    }

    /**
     * Under fsync {@code never}, under the lock: whether the state file's floor lies above every written record,
     * reserving more seqs first once half of the reserve is used. False (logged) while it cannot be written: the
     * records stay unseen by readers, and the next write tries again.
     */
    private boolean seqsReserved() {
        if (writtenSeq >= reservedSeq - NEVER_RESERVE / 2) {
            long before = reservedSeq;
            reservedSeq = writtenSeq + NEVER_RESERVE;
            if (!writeLedgerQuietly()) {
                reservedSeq = before;
            }
        }
        return writtenSeq < reservedSeq;
    }

    /**
     * Marks the end of a batch of appends (for the collect loop: everything the socket had ready). Under
     * {@code batch} the records are written and fsynced before this returns; otherwise they are written
     * to the OS. Failures are counted and logged, not thrown: {@link #stats()} shows what is durable.
     */
    public void endBatch() {
        if (options.fsync() instanceof FsyncPolicy.Batch) {
            try {
                flushAndSync(true);
            } catch (IOException e) {
                logLimited(System.Logger.Level.ERROR, "fsync failed", e.toString());
            }
            return;
        }
        lock.lock();
        try {
            flushBuffer();
        } finally {
            lock.unlock();
        }
    }

    /** Writes and fsyncs everything appended so far, whatever the policy (for a clean shutdown). */
    public void sync() throws IOException {
        flushAndSync(true);
    }

    /** Writes the buffer under the lock, then fsyncs outside it so that appends go on meanwhile. */
    private void flushAndSync(boolean force) throws IOException {
        Segment head;
        FileChannel channel;
        long end;
        long seq;
        lock.lock();
        try {
            if (closed && writer.channel() == null) {
                return;
            }
            if (!flushBuffer()) {
                throw new IOException("cannot write to " + head().path + " (see earlier errors)");
            }
            if (!force || syncedSeq == writtenSeq) {
                return;
            }
            head = head();
            channel = writer.channel();
            end = head.size;
            seq = writtenSeq;
        } finally {
            lock.unlock();
        }
        long began = System.nanoTime();
        try {
            channel.force(false);
        } catch (ClosedChannelException e) {
            // Either a roll closed it after fsyncing it itself, or this thread was interrupted: then the
            // head is reopened and the next sync does the fsync.
            lock.lock();
            try {
                if (channel == writer.channel()) {
                    writer.reopen(head(), closed);
                }
            } finally {
                lock.unlock();
            }
            if (e instanceof ClosedByInterruptException) {
                throw e;
            }
            return;
        }
        long took = System.nanoTime() - began;
        lock.lock();
        try {
            countFsync(took);
            head.readableEnd = Math.max(head.readableEnd, end);
            syncedSeq = Math.max(syncedSeq, seq);
        } finally {
            lock.unlock();
        }
        readers.recordsVisible();
    }

    /**
     * Records that the upstream holds every seq up to {@code seq}: segments whose records are all at or
     * below it are deleted (never the head). A seq beyond what was appended counts as the last appended.
     */
    public void ack(long seq) {
        List<Segment> freed;
        boolean ledgerDue;
        lock.lock();
        try {
            long clamped = Math.min(seq, nextSeq - 1);
            if (clamped <= acknowledged) {
                return;
            }
            acknowledged = clamped;
            age.acknowledged(clamped);
            freed = segments.removeAcknowledged(clamped);
            if (!freed.isEmpty()) {
                spaceFreed.signalAll();
            }
            long now = System.nanoTime();
            ledgerDue = !freed.isEmpty() || now - lastLedgerNanos >= LEDGER_PERIOD_NANOS;
            if (ledgerDue) {
                lastLedgerNanos = now;
            }
        } finally {
            lock.unlock();
        }
        // The state file first: segments gone while it still named an older acknowledged seq would look,
        // after a crash in between, like events lost to damage.
        boolean ledgerWritten = !ledgerDue || writeLedgerQuietly();
        if (ledgerWritten) {
            freed.forEach(this::deleteFile);
        } else if (!freed.isEmpty()) {
            logLimited(System.Logger.Level.WARNING, "segments kept",
                    freed.size() + " acknowledged segments stay on disk until the state file can be written");
        }
    }

    private void deleteFile(Segment segment) {
        try {
            Files.deleteIfExists(segment.path);
        } catch (IOException e) {
            logLimited(System.Logger.Level.ERROR, "cannot delete a segment", segment.path + ": " + e);
        }
    }

    private void writeLedger() throws IOException {
        synchronized (ledgerLock) {
            AckLedger.write(io, folder, new AckLedger.State(acknowledged, Math.max(seqFloor, reservedSeq)));
        }
    }

    /** Writes the state file; false (logged) when it cannot. */
    private boolean writeLedgerQuietly() {
        try {
            writeLedger();
            return true;
        } catch (IOException e) {
            logLimited(System.Logger.Level.ERROR, "cannot write the queue state file", e.toString());
            return false;
        }
    }

    /** At most a line a second per reason, so a failing disk or a flood of bad events never floods the log. */
    private void logLimited(System.Logger.Level level, String reason, String detail) {
        throttled.log(level, reason, "queue: " + reason + ": " + detail);
    }

    private Segment head() {
        return segments.head();
    }

    /**
     * From now on no cursor reads a record with a seq above {@code seq}, on top of the rule that only
     * written (or fsynced) records are visible; a cursor held back at the limit goes on when it grows.
     * Until the first call there is no limit. For a relay: it lets the forwarder read a record only after
     * the relay's journal says the record is covered, so that {@link #discardAfter} may later throw away
     * everything above the journal's seq knowing that no upstream ever saw it. Meant to grow; lowering it
     * holds back only what cursors have not read yet. Cheap: one volatile write, from any thread.
     */
    public void limitReaders(long seq) {
        readers.limit(seq);
    }

    /**
     * Removes every record with a seq above {@code seq} from the segment files, so that the next append
     * gets {@code seq + 1}: the segment holding the first record above it is cut at that record (or right
     * after its last good record at or below {@code seq}, when damaged bytes lie in between), later
     * segments are deleted, and the cut file, the folder and the state file are fsynced. Records missing
     * below {@code seq} (damaged, or in a segment moved aside) stay missing. When the queue already ends
     * at or below {@code seq} nothing is removed; if it ends below, the next seq still becomes
     * {@code seq + 1}, so that seqs another reader may have seen are never handed out again.
     *
     * <p>For a relay after a restart, with {@code seq} from its journal, before anything else uses the
     * queue. Only safe when no cursor ever read a record above {@code seq} (see {@link #limitReaders}):
     * the seqs above it are handed out again. Repeating the call with the same seq changes nothing, so an
     * {@link IOException} part way is mended by closing the queue, opening it and calling it again.
     *
     * @return how many events were removed (0 when none was above {@code seq})
     * @throws IllegalStateException    after the first append or cursor read since the queue was opened
     * @throws IllegalArgumentException when {@code seq} is below the acknowledged seq
     * @throws IOException              when a segment cannot be read, cut or deleted, or the state file written
     */
    public long discardAfter(long seq) throws IOException {
        lock.lock();
        try {
            if (closed || appendedSinceOpen || readers.readSinceOpen()) {
                throw new IllegalStateException("discardAfter(" + seq + ") must come before the first append and the"
                        + " first read since the queue was opened" + (closed ? ", and before it is closed" : ""));
            }
            if (seq < acknowledged) {
                throw new IllegalArgumentException("cannot discard after seq " + seq + ": seqs up to " + acknowledged
                        + " are acknowledged");
            }
            long end = nextSeq - 1;
            if (seq == end) {
                return 0;
            }
            long discarded = seq < end ? cutSegmentsAfter(seq) : 0;
            nextSeq = seq + 1;
            writtenSeq = seq;
            syncedSeq = seq;
            // Lowering the floor is what frees the seqs above seq again; safe only because no reader saw them.
            seqFloor = nextSeq;
            reservedSeq = nextSeq;
            age.startFrom(segments.view());
            writeLedger();
            if (seq < end) {
                LOG.log(System.Logger.Level.INFO, "queue: discarded " + discarded + " events above seq " + seq
                        + " (the queue ended at seq " + end + "); the next seq is " + nextSeq);
            } else {
                LOG.log(System.Logger.Level.WARNING, "queue: ends at seq " + end + ", below the kept seq " + seq
                        + ": seqs " + (end + 1) + ".." + seq + " are missing; the next seq is " + nextSeq);
            }
            return discarded;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cuts the segments back to {@code seq} ({@link SegmentList#cutAfter}); the last one kept becomes the
     * head, and when none is kept an empty head is begun at {@code seq + 1}. The head channel is replaced
     * before the old files go, so that a failure part way leaves a queue that still closes.
     */
    private long cutSegmentsAfter(long seq) throws IOException {
        List<Segment> gone = new ArrayList<>();
        long discarded = segments.cutAfter(io, seq, gone);
        if (gone.isEmpty()) {
            return discarded;
        }
        FileChannel oldChannel = writer.channel();
        if (segments.isEmpty()) {
            nextSeq = seq + 1; // the base of the new head
            segments.add(beginSegment());
        } else {
            writer.openExisting(head());
        }
        oldChannel.close();
        for (Segment segment : gone) {
            Files.deleteIfExists(segment.path);
        }
        io.syncFolder(folder);
        return discarded;
    }

    /** A cursor that reads events from {@code seq} on (the forwarder passes acknowledged seq + 1). */
    public QueueCursor cursor(long seq) {
        return new QueueCursor(this, readers, seq);
    }

    /**
     * Has {@code reader} unparked ({@link java.util.concurrent.locks.LockSupport#unpark}) whenever records become visible to cursors
     * (a write under fsync {@code never}, an fsync otherwise, a roll, a higher {@link #limitReaders read
     * limit}), so that it may park while nothing is new and still see each record as soon as it is
     * visible. One reader; a later call replaces it.
     */
    public void wakeOnVisible(Thread reader) {
        readers.wakeOnVisible(reader);
    }

    /** A cursor met damage that recovery did not: counted and logged once, then skipped by every reader. */
    void damageFound(Segment segment, long start, long end) {
        lock.lock();
        try {
            if (segment.damagedRangeEndingFrom(start) >= 0) {
                return;
            }
            List<long[]> ranges = new ArrayList<>(segment.damaged);
            ranges.add(new long[] {start, end});
            segment.damaged = List.copyOf(ranges);
            corrupt++;
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.ERROR, "queue: " + segment.path + ": bytes " + start + ".." + end
                + " went bad after they were written; skipped");
    }

    public QueueStats stats() {
        lock.lock();
        try {
            long events = segments.unacknowledged(acknowledged);
            long oldestAge = events > 0 ? age.millis(acknowledged, System.currentTimeMillis()) : 0;
            return new QueueStats(segments.usedBytes(), events, oldestAge, segments.count(), dropped, corrupt,
                    rejected, truncatedBytes, nextSeq, writtenSeq, syncedSeq, acknowledged, fsyncs, fsyncNanos);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes and fsyncs what is appended, stores the acknowledged seq and releases the folder. Appends
     * blocked on a full queue return {@link #REJECTED}.
     */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            spaceFreed.signalAll();
            writer.retryNow(); // the last flush tries the disk once more
        } finally {
            lock.unlock();
        }
        background.close();
        try {
            flushAndSync(true);
            // Everything written is fsynced now, so the segments alone bound the next seq: no jump at the next start.
            reservedSeq = seqFloor;
            writeLedger();
        } finally {
            lock.lock();
            try {
                writer.close();
            } finally {
                lock.unlock();
                folderLock.close();
            }
        }
    }
}
