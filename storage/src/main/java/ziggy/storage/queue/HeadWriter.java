package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.io.FileIo;

/**
 * The head segment's file: its channel, the append buffer of records not yet written to it, and what
 * a failing disk does to them. A write that fails cuts the file back to where it was, so that the head
 * always ends at a record boundary, and leaves the records buffered; the next write is tried at most
 * every {@value #RETRY_MILLIS} ms. Used under the queue's lock; the queue fsyncs {@link #channel()}
 * outside it.
 */
final class HeadWriter {
    private static final System.Logger LOG = System.getLogger(DiskQueue.class.getName());
    private static final int BUFFER_BYTES = 1 << 20;
    private static final long RETRY_MILLIS = 100;
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);

    private final FileIo io;
    private final Path folder;
    private final boolean syncNewSegments;
    private final RateLimitedLog log;
    /** Records appended but not yet written; they belong at the head segment's {@link Segment#size}. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private FileChannel channel;
    private boolean failing;
    private long lastFailureNanos;

    HeadWriter(FileIo io, Path folder, boolean syncNewSegments, RateLimitedLog log) {
        this.io = io;
        this.folder = folder;
        this.syncNewSegments = syncNewSegments;
        this.log = log;
    }

    /** The append buffer, which the queue fills with whole records. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** The head's channel; null once closed. */
    FileChannel channel() {
        return channel;
    }

    /** Makes {@code previous} the head's channel again (a roll that failed after beginning a new file). */
    void restore(FileChannel previous) {
        channel = previous;
    }

    /** Writes to {@code head}, a segment left by the last run or kept by a cut; the caller closes the old channel. */
    void openExisting(Segment head) throws IOException {
        channel = io.open(head.path, StandardOpenOption.WRITE);
    }

    /**
     * Creates the segment of {@code base} with its header (fsynced with its folder unless fsync is never)
     * and writes to it from now on; the caller closes the old channel.
     */
    Segment begin(long base) throws IOException {
        Path path = folder.resolve(SegmentFormat.fileName(base));
        long created = System.currentTimeMillis();
        FileChannel fresh = io.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            ByteBuffer header = SegmentFormat.header(base, created);
            while (header.hasRemaining()) {
                fresh.write(header, header.position());
            }
            if (syncNewSegments) {
                fresh.force(true);
                io.syncFolder(folder);
            }
        } catch (IOException e) {
            fresh.close();
            Files.deleteIfExists(path);
            throw e;
        }
        channel = fresh;
        Segment segment = new Segment(path, base, created);
        segment.size = SegmentFormat.HEADER_BYTES;
        segment.readableEnd = SegmentFormat.HEADER_BYTES;
        return segment;
    }

    /** Writes the append buffer at {@code head}'s end; false (the records stay buffered) when the disk refuses. */
    boolean flush(Segment head) {
        if (failing && System.nanoTime() - lastFailureNanos < RETRY_NANOS) {
            return false;
        }
        buffer.flip();
        boolean written = write(head, buffer);
        if (written) {
            buffer.clear();
        } else {
            int end = buffer.limit();
            buffer.limit(buffer.capacity()).position(end);
        }
        return written;
    }

    /**
     * Writes {@code bytes} (position to limit) at {@code head}'s end. On failure the file is cut back to
     * where it was, and {@code bytes} is left at its position.
     */
    boolean write(Segment head, ByteBuffer bytes) {
        int start = bytes.position();
        for (boolean retried = false; ; retried = true) {
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes, head.size + bytes.position() - start);
                }
                head.size += bytes.limit() - start;
                if (failing) {
                    failing = false;
                    LOG.log(System.Logger.Level.INFO, "queue: writing to " + folder + " works again");
                }
                return true;
            } catch (ClosedChannelException e) {
                bytes.position(start);
                if (retried || !reopen(head, false)) {
                    failed(e);
                    return false;
                }
            } catch (IOException e) {
                bytes.position(start);
                try {
                    channel.truncate(head.size);
                } catch (IOException again) {
                    // The next successful write overwrites the partial bytes; recovery cuts them after a crash.
                    LOG.log(System.Logger.Level.DEBUG, "queue: cannot cut back " + head.path + ": " + again);
                }
                failed(e);
                return false;
            }
        }
    }

    /**
     * Opens the head again after its channel was closed under us: NIO closes a file channel when a
     * thread is interrupted in the middle of using it, and the queue must outlive an interrupted caller.
     */
    boolean reopen(Segment head, boolean queueClosed) {
        if (queueClosed || channel == null || channel.isOpen()) {
            return false;
        }
        try {
            channel = io.open(head.path, StandardOpenOption.WRITE);
            LOG.log(System.Logger.Level.INFO, "queue: reopened " + head.path + " after an interrupted write or fsync");
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    /** A write, a roll or a reopen failed: the next write waits for the retry time. */
    void failed(IOException e) {
        failing = true;
        lastFailureNanos = System.nanoTime();
        log.log(System.Logger.Level.ERROR, "cannot write", "queue: cannot write to the queue folder " + folder + ": "
                + e + "; events are kept in memory while the buffer has room, then rejected");
    }

    /** The next flush tries the disk at once, whatever failed before (the last one at close). */
    void retryNow() {
        lastFailureNanos = System.nanoTime() - RETRY_NANOS;
    }

    void close() throws IOException {
        if (channel != null) {
            FileChannel closing = channel;
            channel = null;
            closing.close();
        }
    }
}
