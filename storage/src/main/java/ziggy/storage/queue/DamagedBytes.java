package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import ziggy.storage.io.FileIo;

/**
 * Puts what recovery could not use where a person can read it: {@code <queue>/damaged/}. Whole files
 * (an unreadable segment, a bad source id) are moved there under their own name plus a time stamp;
 * a damaged range inside a segment is copied to {@code <segment name>.<start>-<end>.bin}, where start and
 * end are the range's byte offsets in the segment. Failing to keep damaged bytes is logged, never fatal:
 * start-up must not stop on it.
 */
final class DamagedBytes {
    static final String FOLDER = "damaged";
    private static final System.Logger LOG = System.getLogger(DamagedBytes.class.getName());

    private final FileIo io;
    private final Path folder;

    DamagedBytes(FileIo io, Path queueFolder) {
        this.io = io;
        this.folder = queueFolder.resolve(FOLDER);
    }

    /** Moves {@code file} into the damaged folder, logging {@code why}. */
    void moveAside(Path file, String why) {
        Path target = folder.resolve(file.getFileName() + "." + System.currentTimeMillis());
        try {
            Files.createDirectories(folder);
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(System.Logger.Level.WARNING, "queue: " + file + ": " + why + "; moved to " + target);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "queue: " + file + ": " + why + "; could not move it to " + target
                    + " (" + e + "), deleting it instead");
            try {
                Files.deleteIfExists(file);
            } catch (IOException again) {
                LOG.log(System.Logger.Level.ERROR, "queue: cannot delete " + file + " either: " + again);
            }
        }
    }

    /** Copies bytes [start, end) of the segment open on {@code channel} into the damaged folder. */
    Path copyRange(Path segment, FileChannel channel, long start, long end) {
        Path target = folder.resolve(segment.getFileName() + "." + start + "-" + end + ".bin");
        try {
            Files.createDirectories(folder);
            try (FileChannel out = io.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(1, end - start)));
                for (long at = start; at < end; ) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
                    int read = channel.read(buffer, at);
                    if (read < 0) {
                        break;
                    }
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    at += read;
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "queue: cannot keep damaged bytes " + start + ".." + end + " of " + segment
                    + " in " + target + ": " + e);
        }
        return target;
    }
}
