package ziggy.daemon.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * One day file: its path, the channel while it is open, and the buffer of events not yet written.
 * The channel is opened at the first write, in append mode, so a file closed when idle, or deleted
 * by a person, is simply opened (or created) again.
 */
final class DayFile {
    final TypeFiles owner;
    final int day;
    final Path path;
    private FileChannel channel;
    private Object fileKey;
    private ByteBuffer buffer;
    private int bufferedEvents;
    private boolean writtenSinceForce;
    long lastAppendNanos;
    /** Whether the commit journal has this file's length from before this object's first write. */
    boolean journaled;

    DayFile(TypeFiles owner, int day, Path path) {
        this.owner = owner;
        this.day = day;
        this.path = path;
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
        FileChannel out = open();
        writtenSinceForce = true;
        long before = out.size();
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            try {
                out.truncate(before);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            closeQuietly();
            throw e;
        }
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            try {
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            } catch (NoSuchFileException e) {
                // The log folder itself was removed: make it again rather than lose every event.
                Files.createDirectories(path.getParent());
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            fileKey = keyOf(path);
        }
        return channel;
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
