package ziggy.storage.dayfile;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of one size for the day files. A file holds a buffer only while it has unwritten
 * events, so memory follows how many files were written to within one flush interval, not how
 * many are open. One thread only.
 */
final class BufferPool {
    private static final int KEPT = 64;

    private final int bufferBytes;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    BufferPool(int bufferBytes) {
        this.bufferBytes = bufferBytes;
    }

    int bufferBytes() {
        return bufferBytes;
    }

    ByteBuffer take() {
        ByteBuffer buffer = free.pollFirst();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(bufferBytes);
    }

    void give(ByteBuffer buffer) {
        buffer.clear();
        if (free.size() < KEPT) {
            free.addFirst(buffer);
        }
    }
}
