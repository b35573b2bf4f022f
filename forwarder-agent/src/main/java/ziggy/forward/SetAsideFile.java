package ziggy.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import ziggy.storage.io.FileIo;

/**
 * Where a forwarder keeps the events it sets aside, those larger than its upstream takes: appended whole to
 * {@code <queue>/set-aside.bson}, a file of BSON documents end to end that {@code ziggyview} reads as it reads a
 * day file, and fsynced before the event leaves the queue, so that an event the agent took is never dropped
 * for its size alone. An operator sends them on by hand (to an upstream that takes them) or deletes the file.
 *
 * <p>At most {@link #MAX_BYTES}: past it, or when the disk refuses, an event set aside is lost, as it was before
 * this file (the caller counts and logs it either way). Safe from any thread.
 */
final class SetAsideFile {
    static final String NAME = "set-aside.bson";
    /** A quarter of the queue's default size: room for thousands of oversized events, bounded whatever comes. */
    static final long MAX_BYTES = 256L << 20;

    private final Path path;
    private final long maxBytes;

    SetAsideFile(Path queueFolder) {
        this(queueFolder, MAX_BYTES);
    }

    /** At most {@code maxBytes} ({@link #MAX_BYTES} but in tests). */
    SetAsideFile(Path queueFolder, long maxBytes) {
        this.path = queueFolder.resolve(NAME);
        this.maxBytes = maxBytes;
    }

    /** {@link #keep}, returning what became of the event, for the caller's log line. */
    String keepOrSay(ByteBuffer event) {
        try {
            return keep(event) ? "kept in " + path
                    : "lost: " + path + " holds its most (" + maxBytes + " bytes); move it away to keep more";
        } catch (IOException e) {
            return "lost: cannot write " + path + ": " + e.getMessage();
        }
    }

    /**
     * Appends the event in {@code event} (position to limit, left as they were) and fsyncs it; false when the
     * file would grow past its maximum.
     *
     * @throws IOException when the file cannot be written or fsynced; what was written of it is cut off again
     */
    synchronized boolean keep(ByteBuffer event) throws IOException {
        try (FileChannel file = FileIo.SYSTEM.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long end = file.size();
            if (end + event.remaining() > maxBytes) {
                return false;
            }
            ByteBuffer bytes = event.duplicate();
            try {
                while (bytes.hasRemaining()) {
                    file.write(bytes, end + bytes.position() - event.position());
                }
                file.force(false);
            } catch (IOException e) {
                file.truncate(end);
                throw e;
            }
            return true;
        }
    }
}
