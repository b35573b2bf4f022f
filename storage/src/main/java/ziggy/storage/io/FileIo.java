package ziggy.storage.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * The one way the storage layer reaches the disk for what it must keep: opening a file, replacing one
 * by a rename, and fsyncing a folder. Everything that makes data durable or visible goes through these
 * (writes, truncations and fsyncs through the returned channel), so a test can hand the queue, the day
 * files or a journal an implementation that fails at any chosen one of them, as square/tape's tests do
 * with a broken file, instead of needing a full disk or a power cut.
 *
 * <p>Reads that change nothing, listing a folder and deleting a file stay with {@link java.nio.file.Files}.
 */
public interface FileIo {
    /** The real file system. */
    FileIo SYSTEM = new SystemFileIo();

    /** As {@link FileChannel#open(Path, OpenOption...)}. */
    FileChannel open(Path path, OpenOption... options) throws IOException;

    /** Renames {@code from} over {@code to} atomically: the commit point of a file replaced whole. */
    void replace(Path from, Path to) throws IOException;

    /** fsyncs a folder, so that a file created, renamed or deleted in it survives a power loss. */
    void syncFolder(Path folder) throws IOException;
}
