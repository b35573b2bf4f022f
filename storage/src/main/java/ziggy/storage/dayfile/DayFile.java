package ziggy.storage.dayfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import ziggy.storage.io.FileIo;

/**
 * One day file: its path, the channel while it is open, and the buffer of events not yet written.
 * The channel is opened before the first write ({@link #openForAppend}), in append mode, so a file
 * closed when idle, or deleted by a person, is simply opened (or created) again; opening cuts a torn
 * tail first ({@link DayFileTail}), so the next event follows a whole one.
 *
 * <p>Readers of the file while it is written: every write hands the kernel whole events (a buffer
 * only ever holds whole events, and a short write is completed by the loop before anything else
 * runs on this thread). What no writer can prevent is a reader reading during one write: the kernel
 * grows the file as it copies, so the reader may see a prefix of the last event. Readers say "still
 * being written" for that ({@code BsonFileReader.Unfinished}); renaming a finished file into place
 * would avoid it, but a day file is appended to all day.
 */
final class DayFile {
    private final FileIo io;
    final TypeFiles owner;
    final int day;
    final Path path;
    private FileChannel channel;
    private Object fileKey;
    private ByteBuffer buffer;
    private int bufferedEvents;
    private boolean writtenSinceForce;
    /**
     * The file's length when it last ended with a whole event, as far as this daemon knows (bytes that
     * are no event, found and reported at an open, may lie before it); -1 when unknown.
     */
    private long wholeLength;
    long lastAppendNanos;
    /** Whether the commit journal has this file's length from before this object's first write. */
    boolean journaled;

    /** {@code wholeLength}: where the file last ended with a whole event (the journal's length), or -1. */
    DayFile(FileIo io, TypeFiles owner, int day, Path path, long wholeLength) {
        this.io = io;
        this.owner = owner;
        this.day = day;
        this.path = path;
        this.wholeLength = wholeLength;
    }

    /** The file's length when it last ended with a whole event, as far as this daemon knows; -1 when unknown. */
    long wholeLength() {
        return wholeLength;
    }

    /** The file at the path is no longer the one this object wrote (a person deleted or moved it). */
    void forgetWholeLength() {
        wholeLength = -1;
    }

    boolean isOpen() {
        return channel != null;
    }

    boolean hasBufferedEvents() {
        return buffer != null && buffer.position() > 0;
    }

    int bufferedEvents() {
        return bufferedEvents;
    }

    int bufferedBytes() {
        return buffer == null ? 0 : buffer.position();
    }

    /** Whether {@code length} more bytes fit in the buffer (taking one from the pool if it has none). */
    boolean fits(int length, BufferPool pool) {
        if (buffer == null) {
            buffer = pool.take();
        }
        return buffer.remaining() >= length;
    }

    /** Copies the event into the buffer; {@link #fits} said it fits. */
    void buffer(ByteBuffer source, int offset, int length, long nanoTime) {
        buffer.put(buffer.position(), source, offset, length);
        buffer.position(buffer.position() + length);
        bufferedEvents++;
        lastAppendNanos = nanoTime;
    }

    /**
     * Writes the buffer, then gives it back to the pool. On failure the file is cut back to where this
     * write started, so it never holds part of an event, and the exception tells the caller what was lost.
     */
    void flush(BufferPool pool) throws IOException {
        if (buffer == null) {
            return;
        }
        try {
            if (buffer.position() > 0) {
                buffer.flip();
                writeWhole(buffer);
            }
        } finally {
            bufferedEvents = 0;
            pool.give(buffer);
            buffer = null;
        }
    }

    /** Writes one event too large for any buffer straight from the source; the buffer must be empty. */
    void writeDirect(ByteBuffer source, int offset, int length, long nanoTime) throws IOException {
        ByteBuffer slice = source.duplicate();
        slice.limit(offset + length).position(offset);
        lastAppendNanos = nanoTime;
        writeWhole(slice);
    }

    /** The file's length now (0 when it does not exist yet). */
    long sizeOnDisk() throws IOException {
        if (channel != null) {
            return channel.size();
        }
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** fsyncs what was written since the last call; a closed channel was forced when it closed. */
    /** Whether it had anything to force. */
    boolean forceIfWritten() throws IOException {
        boolean forcing = writtenSinceForce && channel != null;
        if (forcing) {
            channel.force(false);
        }
        writtenSinceForce = false;
        return forcing;
    }

    private void writeWhole(ByteBuffer bytes) throws IOException {
        if (channel == null) {
            throw new IllegalStateException(path + " is written before it is opened");
        }
        FileChannel out = channel;
        writtenSinceForce = true;
        long before = out.size();
        try {
            // A short write is finished here, before this thread does anything else.
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            wholeLength = out.size();
        } catch (IOException e) {
            try {
                out.truncate(before);
                wholeLength = before;
            } catch (IOException cut) {
                e.addSuppressed(cut);
                wholeLength = -1;
            }
            closeQuietly();
            throw e;
        }
    }

    /**
     * Opens the channel, unless open, and cuts a torn tail (see {@link DayFileTail}) so the next event
     * follows a whole one. Returns how the file ended before any cut, or null when it was open already.
     */
    DayFileTail.Tail openForAppend() throws IOException {
        if (channel != null) {
            return null;
        }
        DayFileTail.Tail tail;
        // A channel of its own: Java refuses READ with APPEND, and the check reads and may cut.
        try (FileChannel checking = openOrMakeFolder(StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            tail = DayFileTail.of(checking, wholeLength);
            if (tail.tornBytes() > 0) {
                checking.truncate(tail.wholeEnd());
                checking.force(false);
            }
        }
        channel = openOrMakeFolder(StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        wholeLength = channel.size();
        fileKey = keyOf(path);
        return tail;
    }

    private FileChannel openOrMakeFolder(StandardOpenOption... options) throws IOException {
        Set<StandardOpenOption> set = EnumSet.of(StandardOpenOption.CREATE, options);
        try {
            return io.open(path, set.toArray(OpenOption[]::new));
        } catch (NoSuchFileException e) {
            // The log folder itself was removed: make it again rather than lose every event.
            Files.createDirectories(path.getParent());
            return io.open(path, set.toArray(OpenOption[]::new));
        }
    }

    /**
     * Whether the open channel still writes to the file at {@link #path}: false when a person deleted
     * or moved it (the path is gone, or names another file). Costs one stat.
     */
    boolean stillAtPath() {
        if (channel == null) {
            return true;
        }
        try {
            return Objects.equals(fileKey, keyOf(path));
        } catch (IOException e) {
            return false;
        }
    }

    private static Object keyOf(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Closes the channel; the buffer, if any, stays for the next write. */
    void closeChannel() throws IOException {
        if (channel != null) {
            FileChannel closing = channel;
            channel = null;
            fileKey = null;
            try {
                if (writtenSinceForce) {
                    // Events a commit may yet count must not depend on a channel that is gone.
                    closing.force(false);
                    writtenSinceForce = false;
                }
            } finally {
                closing.close();
            }
        }
    }

    private void closeQuietly() {
        try {
            closeChannel();
        } catch (IOException ignored) {
            // The write's own exception is what the caller reports.
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
