package ziggy.zmtp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct receive buffers of one size, lent to connections while they have unparsed bytes and taken
 * back when they have none, so idle connections hold no buffer and memory follows the number of
 * connections busy at the same moment, not the number open. Used only from the I/O thread.
 */
final class ReceiveBufferPool {
    /** Free buffers kept beyond this are left to the garbage collector. */
    private static final int MAX_IDLE = 8;

    private final int bufferBytes;
    private final ZmtpCounters counters;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();

    ReceiveBufferPool(int bufferBytes, ZmtpCounters counters) {
        this.bufferBytes = bufferBytes;
        this.counters = counters;
    }

    int bufferBytes() {
        return bufferBytes;
    }

    ByteBuffer take() {
        ByteBuffer buffer = idle.pollFirst();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(bufferBytes);
            counters.receiveBufferCreated();
        }
        return buffer;
    }

    /** Takes back a buffer; buffers grown for one large message are not kept. */
    void giveBack(ByteBuffer buffer) {
        if (buffer.capacity() == bufferBytes && idle.size() < MAX_IDLE) {
            idle.addFirst(buffer);
        }
    }
}
