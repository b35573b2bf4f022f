package ziggy.storage.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import ziggy.storage.io.FileIo;

/**
 * An exclusive OS lock on {@code <queue>/lock}, held while a queue is open, so that two processes (or
 * two opens in one process) never append to the same folder. The OS drops the lock when the process
 * dies, kill -9 included, so a stale lock never blocks a restart; the file itself stays and is empty.
 */
final class FolderLock implements AutoCloseable {
    static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static FolderLock acquire(FileIo io, Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        FileChannel channel;
        try {
            channel = io.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new QueueFolderException("cannot open the queue lock file " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw new QueueFolderException("cannot lock the queue folder " + folder + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            channel.close();
            throw new QueueFolderException("queue folder " + folder + " is in use by another ziggyd (its lock file "
                    + file + " is held)");
        }
        return new FolderLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
