package ziggy.storage.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A real file channel whose writes, truncations and fsyncs are {@link FaultyFileIo}'s write points. */
final class FaultyChannel extends FileChannel {
    private final FaultyFileIo io;
    private final FileChannel file;

    FaultyChannel(FaultyFileIo io, FileChannel file) {
        this.io = io;
        this.file = file;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        FaultyFileIo.Fault fault = io.nextPoint();
        if (fault == null) {
            return file.write(source);
        }
        return faulty(fault, source, part -> file.write(part));
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        FaultyFileIo.Fault fault = io.nextPoint();
        if (fault == null) {
            return file.write(source, position);
        }
        return faulty(fault, source, part -> file.write(part, position));
    }

    private interface Write {
        int to(ByteBuffer part) throws IOException;
    }

    /** Writes what {@code fault} lets through of {@code source}, advancing it by that, then throws if it must. */
    private static int faulty(FaultyFileIo.Fault fault, ByteBuffer source, Write write) throws IOException {
        if (fault == FaultyFileIo.Fault.THROW) {
            throw new IOException("injected: No space left on device");
        }
        int half = source.remaining() / 2;
        ByteBuffer part = source.slice(source.position(), Math.max(half, fault == FaultyFileIo.Fault.SHORT_WRITE ? 1 : 0));
        int written = part.hasRemaining() ? write.to(part) : 0;
        source.position(source.position() + written);
        if (fault == FaultyFileIo.Fault.CRASH) {
            throw new IOException("injected: the process crashed " + written + " bytes into a write");
        }
        return written;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(sources[i]);
            if (sources[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        io.operationPoint();
        file.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        io.operationPoint();
        file.force(metaData);
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        io.checkAlive();
        return file.read(target);
    }

    @Override
    public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
        io.checkAlive();
        return file.read(targets, offset, length);
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        io.checkAlive();
        return file.read(target, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        io.checkAlive();
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
        throw new UnsupportedOperationException("the storage layer writes through write(), where faults are injected");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        throw new UnsupportedOperationException("the storage layer maps no file");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
