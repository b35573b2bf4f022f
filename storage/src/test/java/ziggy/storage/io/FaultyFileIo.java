package ziggy.storage.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A {@link FileIo} that breaks one chosen write point on purpose, as square/tape's tests break their
 * file. Write points are, in the order they happen: opening a file to write, every channel write,
 * truncate and fsync, a rename, a folder fsync. Point {@code failAt} (counted from 0) fails as {@link Fault}
 * says; a run with no fault ({@link #counting()}) counts the points, so that a sweep can try each.
 */
public final class FaultyFileIo implements FileIo {
    /** What happens at the chosen point. */
    public enum Fault {
        /** It throws, as a full or failing disk does; every other point works. */
        THROW,
        /** A write takes only part of its bytes, as the OS may; other kinds of point work normally. */
        SHORT_WRITE,
        /**
         * The process "dies" there: a write persists only the first half of its bytes, and from then on
         * every point (and every read) throws, so nothing more reaches the files, as after a kill -9.
         */
        CRASH
    }

    private final Fault fault;
    private final long failAt;
    private long points;
    private volatile boolean crashed;

    private FaultyFileIo(Fault fault, long failAt) {
        this.fault = fault;
        this.failAt = failAt;
    }

    /** Fails point {@code failAt} with {@code fault}. */
    public static FaultyFileIo failing(Fault fault, long failAt) {
        return new FaultyFileIo(fault, failAt);
    }

    /** Fails nothing; {@link #points()} then says how many points a run had. */
    public static FaultyFileIo counting() {
        return new FaultyFileIo(Fault.THROW, -1);
    }

    /** Write points seen so far. */
    public synchronized long points() {
        return points;
    }

    /** Whether the crash happened: what the code acknowledged after it does not count. */
    public boolean crashed() {
        return crashed;
    }

    /** The fault this point suffers, or null; throws once crashed. */
    synchronized Fault nextPoint() throws IOException {
        checkAlive();
        long point = points++;
        if (point != failAt) {
            return null;
        }
        if (fault == Fault.CRASH) {
            crashed = true;
        }
        return fault;
    }

    void checkAlive() throws IOException {
        if (crashed) {
            throw new IOException("injected: the process crashed");
        }
    }

    /** For points that are no write: a short write means nothing there, a throw and a crash do. */
    private void plainPoint() throws IOException {
        Fault injected = nextPoint();
        if (injected == Fault.THROW) {
            throw new IOException("injected: No space left on device");
        }
        if (injected == Fault.CRASH) {
            checkAlive();
        }
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        if (Set.of(options).contains(StandardOpenOption.WRITE) || Set.of(options).contains(StandardOpenOption.APPEND)) {
            plainPoint();
        } else {
            checkAlive();
        }
        return new FaultyChannel(this, FileChannel.open(path, options));
    }

    @Override
    public void replace(Path from, Path to) throws IOException {
        plainPoint();
        FileIo.SYSTEM.replace(from, to);
    }

    @Override
    public void syncFolder(Path folder) throws IOException {
        plainPoint();
        FileIo.SYSTEM.syncFolder(folder);
    }

    /** A throwing or crashing point of a channel operation that writes nothing of its own. */
    void operationPoint() throws IOException {
        plainPoint();
    }
}
