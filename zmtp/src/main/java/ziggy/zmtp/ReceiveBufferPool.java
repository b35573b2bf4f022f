package ziggy.zmtp;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * Direct receive buffers, lent to connections while they have unparsed bytes and taken back when they
 * have none, so idle connections hold no buffer and memory follows the number of connections busy at
 * the same moment, not the number open. Every buffer lent, grown or carried is charged to the
 * {@link ReceiveBudget} first; when the budget says no, the caller gets null and its connection waits.
 * Buffers kept idle here are not charged: at most {@link #MAX_IDLE} of the standard size. Used only
 * from the I/O thread.
 */
final class ReceiveBufferPool {
    /** Free buffers kept beyond this are left to the garbage collector. */
    private static final int MAX_IDLE = 8;

    private final int bufferBytes;
    private final ReceiveBudget budget;
    private final ZmtpCounters counters;
    private final RateLimitedLog log;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();

    ReceiveBufferPool(int bufferBytes, ReceiveBudget budget, ZmtpCounters counters, RateLimitedLog log) {
        this.bufferBytes = bufferBytes;
        this.budget = budget;
        this.counters = counters;
        this.log = log;
    }

    int bufferBytes() {
        return bufferBytes;
    }

    /** A standard buffer, or null when the budget has no room for one. */
    ByteBuffer take() {
        if (!budget.tryCharge(bufferBytes)) {
            return null;
        }
        ByteBuffer buffer = idle.pollFirst();
        if (buffer == null) {
            buffer = allocate(bufferBytes);
            if (buffer == null) {
                return null;
            }
            counters.receiveBufferCreated();
        }
        return buffer;
    }

    /** A buffer of {@code bytes} for one large message or a carry, or null when the budget has no room. */
    ByteBuffer takeSized(int bytes) {
        return budget.tryCharge(bytes) ? allocate(bytes) : null;
    }

    /** Takes back any buffer this pool lent; only standard ones are kept for reuse. */
    void giveBack(ByteBuffer buffer) {
        budget.refund(buffer.capacity());
        if (buffer.capacity() == bufferBytes && idle.size() < MAX_IDLE) {
            idle.addFirst(buffer);
        }
    }

    /**
     * Allocates a charged buffer. Direct memory can still run out below the budget (a budget set above
     * -XX:MaxDirectMemorySize, other users of direct memory): that is a wait too, never an Error that
     * would end the I/O thread.
     */
    private ByteBuffer allocate(int bytes) {
        try {
            return ByteBuffer.allocateDirect(bytes);
        } catch (OutOfMemoryError e) {
            budget.refund(bytes);
            log.log(Level.WARNING, "direct-memory", "no direct memory for a receive buffer of " + bytes
                    + " bytes (" + e.getMessage() + "); the connection waits. The collect memory budget ("
                    + budget.limit() + " bytes) is above what the JVM allows: lower it or raise -XX:MaxDirectMemorySize");
            return null;
        }
    }
}
