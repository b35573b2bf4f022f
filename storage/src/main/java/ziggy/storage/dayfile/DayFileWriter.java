package ziggy.storage.dayfile;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ziggy.protocol.layout.DayFileName;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.io.FileIo;

/**
 * Appends events to their day files. Runs on the collect I/O thread only: {@link #append} copies
 * the event into the file's buffer (a system call only when a buffer fills), and {@link #onTick},
 * called every loop turn, writes buffers at least every {@value #FLUSH_INTERVAL_MILLIS} ms, and once
 * a second recreates files that a person deleted or moved and closes files idle for the idle time.
 * At most {@code maxOpenFiles} channels are open; past that the longest idle one is closed first.
 *
 * <p>Each open for append (the first write after a start, after an idle close or a failed write)
 * first cuts a torn tail back to the last whole event, counted in {@code files.cut_tails} and logged
 * with the bytes cut, whatever the journal said. The walk starts where the file last ended whole:
 * the journal's length after a start, the length at close after an idle close (see {@link DayFileTail}).
 */
public final class DayFileWriter implements AutoCloseable {
    public static final long FLUSH_INTERVAL_MILLIS = 200;
    private static final long FLUSH_INTERVAL_NANOS = FLUSH_INTERVAL_MILLIS * 1_000_000L;
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private static final Logger LOG = System.getLogger(DayFileWriter.class.getName());
    private static final int WRITE_FAILED = 0;
    private static final int RECREATED = 1;

    private final Path logPath;
    private final FileIo io;
    private final LengthJournal journal;
    private final DayFileCounts counts;
    private final long idleNanos;
    private final int maxOpenFiles;
    private final BufferPool pool;
    private final WriteObserver observer;
    private final List<DayFile> files = new ArrayList<>();
    /** Per closed file's name, where it last ended with a whole event: where its next open walks from. */
    private final Map<String, Long> wholeLengths = new HashMap<>();
    private final RateLimitedLog log = new RateLimitedLog(LOG);
    private long lastFlushNanos;
    private long lastCheckNanos;
    private long writeFailures;

    /** {@code logPath} must exist; it is made absolute here once. */
    public DayFileWriter(Path logPath, LengthJournal journal, DayFileCounts counts, Duration idleClose, int bufferBytes,
                         int maxOpenFiles) {
        this(logPath, journal, counts, idleClose, bufferBytes, maxOpenFiles, WriteObserver.NONE, FileIo.SYSTEM);
    }

    /** As above, telling {@code observer} how each write went, and opening the files through {@code io}. */
    public DayFileWriter(Path logPath, LengthJournal journal, DayFileCounts counts, Duration idleClose, int bufferBytes,
                         int maxOpenFiles, WriteObserver observer, FileIo io) {
        this.io = io;
        this.observer = observer;
        this.journal = journal;
        this.logPath = logPath.toAbsolutePath().normalize();
        this.counts = counts;
        this.idleNanos = idleClose.toNanos();
        this.maxOpenFiles = maxOpenFiles;
        this.pool = new BufferPool(bufferBytes);
        this.lastFlushNanos = System.nanoTime();
        this.lastCheckNanos = lastFlushNanos;
        this.wholeLengths.putAll(journal.recordedLengths());
    }

    public Path logPath() {
        return logPath;
    }

    /** The files of a type whose name passed {@code TypeNames}; called once per type. */
    public TypeFiles filesFor(String type) {
        return new TypeFiles(type);
    }

    /** Appends {@code source[offset, offset + length)}, one whole event, to the type's file of {@code day}. */
    public void append(TypeFiles type, int day, ByteBuffer source, int offset, int length, long nanoTime) {
        DayFile file = type.find(day);
        if (file == null) {
            file = newFile(type, day);
        }
        if (file.fits(length, pool)) {
            file.buffer(source, offset, length, nanoTime);
            return;
        }
        flush(file);
        if (file.fits(length, pool)) {
            file.buffer(source, offset, length, nanoTime);
            return;
        }
        try {
            open(file);
            journal(file);
            long startNanos = System.nanoTime();
            file.writeDirect(source, offset, length, nanoTime);
            observer.written(1, length, System.nanoTime() - startNanos);
        } catch (IOException e) {
            writeFailed(file, 1, e);
        }
    }

    private DayFile newFile(TypeFiles type, int day) {
        Path path = logPath.resolve(DayFileName.fileName(type.type, day));
        if (!logPath.equals(path.getParent())) {
            // TypeNames makes this impossible; refuse rather than write anywhere else.
            throw new IllegalStateException("day file " + path + " would not be directly in " + logPath);
        }
        Long wholeLength = wholeLengths.remove(path.getFileName().toString());
        DayFile file = new DayFile(io, type, day, path, wholeLength == null ? -1 : wholeLength);
        type.add(file);
        files.add(file);
        return file;
    }

    /**
     * Every loop turn: flush on time, and once a second look for deleted files and idle ones. True when
     * every buffer was written.
     */
    public boolean onTick(long nanoTime) {
        if (nanoTime - lastFlushNanos >= FLUSH_INTERVAL_NANOS) {
            if (nanoTime - lastCheckNanos >= CHECK_INTERVAL_NANOS) {
                lastCheckNanos = nanoTime;
                recreateMissing();
                closeIdle(nanoTime);
            }
            flushAll(nanoTime);
            return true;
        }
        return false;
    }

    /**
     * Just after {@link #flushAll}: fsyncs the files written since the last call when {@code force}, and
     * returns the length of every file the journal knows, which is the state through every event appended.
     */
    public Map<String, Long> settle(boolean force) {
        Map<String, Long> lengths = new HashMap<>();
        for (DayFile file : files) {
            if (!file.journaled) {
                continue;
            }
            try {
                if (force) {
                    long startNanos = System.nanoTime();
                    if (file.forceIfWritten()) {
                        observer.synced(System.nanoTime() - startNanos);
                    }
                }
                lengths.put(file.path.getFileName().toString(), file.sizeOnDisk());
            } catch (IOException e) {
                counts.writeError();
                observer.failed(0, e);
                LOG.log(Level.WARNING, "cannot fsync or measure " + file + ": " + e);
            }
        }
        return lengths;
    }

    /** Writes that failed since the start; their events are lost (and counted in the stats). */
    public long writeFailures() {
        return writeFailures;
    }

    /** Records a file in the journal before its first write, at the length it has now. */
    private void journal(DayFile file) {
        if (file.journaled) {
            return;
        }
        String name = file.path.getFileName().toString();
        try {
            journal.addFile(name, file.sizeOnDisk());
            file.journaled = true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot measure " + file + " for the commit journal: " + e);
        }
    }

    /** Writes every buffer now. */
    public void flushAll(long nanoTime) {
        lastFlushNanos = nanoTime;
        long startNanos = System.nanoTime();
        boolean wrote = false;
        for (int i = 0; i < files.size(); i++) {
            DayFile file = files.get(i);
            if (file.hasBufferedEvents()) {
                flush(file);
                wrote = true;
            }
        }
        if (wrote) {
            observer.flushed(System.nanoTime() - startNanos);
        }
        counts.openFiles(countOpen());
    }

    private void flush(DayFile file) {
        int events = file.bufferedEvents();
        int bytes = file.bufferedBytes();
        try {
            open(file);
            journal(file);
            long startNanos = System.nanoTime();
            file.flush(pool);
            if (events > 0) {
                observer.written(events, bytes, System.nanoTime() - startNanos);
            }
        } catch (IOException e) {
            writeFailed(file, events, e);
        }
    }

    /** Opens the file for append unless open, cutting a torn tail first (counted and logged). */
    private void open(DayFile file) throws IOException {
        if (file.isOpen()) {
            return;
        }
        makeRoomForOneMore(file);
        DayFileTail.Tail tail = file.openForAppend();
        if (tail.tornBytes() > 0) {
            counts.cutTail();
            LOG.log(Level.WARNING, "cut " + tail.tornBytes() + " bytes of an event never written whole from the end of "
                    + file + " (a crash or power cut during a write); it now ends at byte " + tail.wholeEnd());
        } else if (tail.ending() == DayFileTail.Ending.NOT_A_DOCUMENT) {
            LOG.log(Level.WARNING, file + " holds bytes that are no event from byte " + tail.wholeEnd()
                    + "; left for readers to skip, new events follow them");
        }
    }

    private void writeFailed(DayFile file, int lostEvents, IOException e) {
        writeFailures++;
        counts.writeError();
        counts.lostEvents(lostEvents);
        observer.failed(lostEvents, e);
        if (log.shouldLog(WRITE_FAILED)) {
            log.log(Level.WARNING, WRITE_FAILED, "cannot write " + file + ": " + e
                    + "; " + lostEvents + " events lost, still collecting");
        }
    }

    private void recreateMissing() {
        for (DayFile file : files) {
            if (!file.stillAtPath()) {
                try {
                    file.closeChannel();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing the channel of moved " + file + ": " + e);
                }
                counts.recreatedFile();
                file.journaled = false;
                file.forgetWholeLength();
                if (log.shouldLog(RECREATED)) {
                    log.log(Level.WARNING, RECREATED, file + " was deleted or moved; writing a new one");
                }
            }
        }
    }

    private void closeIdle(long nanoTime) {
        for (int i = files.size() - 1; i >= 0; i--) {
            DayFile file = files.get(i);
            if (!file.hasBufferedEvents() && nanoTime - file.lastAppendNanos >= idleNanos) {
                close(file);
                files.remove(i);
                file.owner.remove(file);
                if (file.wholeLength() >= 0) {
                    wholeLengths.put(file.path.getFileName().toString(), file.wholeLength());
                }
            }
        }
    }

    private void makeRoomForOneMore(DayFile opening) {
        if (countOpen() < maxOpenFiles) {
            return;
        }
        DayFile idlest = null;
        for (DayFile file : files) {
            if (file != opening && file.isOpen() && (idlest == null || file.lastAppendNanos < idlest.lastAppendNanos)) {
                idlest = file;
            }
        }
        if (idlest != null) {
            flush(idlest);
            close(idlest);
        }
    }

    private void close(DayFile file) {
        try {
            file.closeChannel();
        } catch (IOException e) {
            // Closing after a successful write loses nothing that the write had not already reported.
            LOG.log(Level.WARNING, "closing " + file + ": " + e);
        }
    }

    private int countOpen() {
        int open = 0;
        for (DayFile file : files) {
            if (file.isOpen()) {
                open++;
            }
        }
        return open;
    }

    /** Flushes and closes every file; the writer takes no more events after. */
    @Override
    public void close() {
        flushAll(System.nanoTime());
        for (DayFile file : files) {
            close(file);
        }
        files.clear();
        counts.openFiles(0);
    }
}
