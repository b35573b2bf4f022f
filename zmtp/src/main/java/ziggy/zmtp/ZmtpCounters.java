package ziggy.zmtp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the endpoint has seen since it was bound, and the receive memory it holds. Written only by the
 * I/O thread (so a plain read-add-release write is enough), read from any thread, for status and metrics.
 */
public final class ZmtpCounters {
    private final ReceiveBudget memory;
    private final AtomicLong connectionsOpen = new AtomicLong();
    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLongArray refused = new AtomicLongArray(RefusalReason.values().length);
    private final AtomicLong truncatedMessages = new AtomicLong();
    private final AtomicLong oversizedMessages = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong pongsSent = new AtomicLong();
    private final AtomicLong handlerFailures = new AtomicLong();
    private final AtomicLong receiveBuffersCreated = new AtomicLong();
    private final AtomicLong acceptFailures = new AtomicLong();

    ZmtpCounters(ReceiveBudget memory) {
        this.memory = memory;
    }

    /** Connections open now, including those still in their handshake. */
    public long connectionsOpen() {
        return connectionsOpen.get();
    }

    /** Connections accepted since the endpoint was bound. */
    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Peers disconnected for {@code reason}. */
    public long refused(RefusalReason reason) {
        return refused.get(reason.ordinal());
    }

    /** Peers disconnected for any reason of {@link RefusalReason}. */
    public long refusedTotal() {
        long total = 0;
        for (int i = 0; i < refused.length(); i++) {
            total += refused.get(i);
        }
        return total;
    }

    /** Messages lost because their connection ended after part of them had arrived. */
    public long truncatedMessages() {
        return truncatedMessages.get();
    }

    /** Messages skipped because they exceeded the configured maximum size or frame count. */
    public long oversizedMessages() {
        return oversizedMessages.get();
    }

    /** Messages handed to the handler. */
    public long messagesReceived() {
        return messagesReceived.get();
    }

    /** Bytes read from all connections, protocol bytes included. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** PONG commands sent in answer to ZMTP 3.1 heartbeats. */
    public long pongsSent() {
        return pongsSent.get();
    }

    /** Exceptions thrown by the handler: bugs, logged with their stack trace. */
    public long handlerFailures() {
        return handlerFailures.get();
    }

    /**
     * Pooled receive buffers ever allocated. Stays near the number of reads in progress at once (one,
     * on one thread) plus connections in the middle of a large message, whatever the connection count.
     */
    public long receiveBuffersCreated() {
        return receiveBuffersCreated.get();
    }

    /** Accepts that failed (out of file descriptors, typically); accepting resumes at the next tick. */
    public long acceptFailures() {
        return acceptFailures.get();
    }

    /** Receive memory all connections may hold together. */
    public long memoryBudgetBytes() {
        return memory.limit();
    }

    /** Receive memory held by connections now. */
    public long memoryHeldBytes() {
        return memory.held();
    }

    /** The most receive memory held at once since the endpoint was bound. */
    public long memoryPeakBytes() {
        return memory.peak();
    }

    /** Times a connection had to wait, reads paused, because the budget had no room for its buffer. */
    public long memoryWaits() {
        return memory.refusals();
    }

    void acceptFailed() {
        add(acceptFailures, 1);
    }

    void receiveBufferCreated() {
        add(receiveBuffersCreated, 1);
    }

    void connectionOpened() {
        add(connectionsAccepted, 1);
        add(connectionsOpen, 1);
    }

    void connectionClosed() {
        add(connectionsOpen, -1);
    }

    void peerRefused(RefusalReason reason) {
        int i = reason.ordinal();
        refused.setRelease(i, refused.getPlain(i) + 1);
    }

    void truncatedMessage() {
        add(truncatedMessages, 1);
    }

    void oversizedMessage() {
        add(oversizedMessages, 1);
    }

    void received(long messages, long bytes) {
        if (messages != 0) {
            add(messagesReceived, messages);
        }
        add(bytesRead, bytes);
    }

    void pongSent() {
        add(pongsSent, 1);
    }

    void handlerFailed() {
        add(handlerFailures, 1);
    }

    private static void add(AtomicLong counter, long delta) {
        counter.setRelease(counter.getPlain() + delta);
    }

    @Override
    public String toString() {
        StringBuilder refusals = new StringBuilder();
        for (RefusalReason reason : RefusalReason.values()) {
            if (refused(reason) != 0) {
                refusals.append(refusals.length() == 0 ? "" : ", ").append(reason).append('=').append(refused(reason));
            }
        }
        return "connections open " + connectionsOpen() + " (accepted " + connectionsAccepted() + "), messages "
                + messagesReceived() + ", bytes " + bytesRead() + ", refused {" + refusals + "}, truncated "
                + truncatedMessages() + ", oversized " + oversizedMessages() + ", pongs " + pongsSent()
                + ", handler failures " + handlerFailures() + ", receive buffers " + receiveBuffersCreated()
                + ", memory held " + memoryHeldBytes() + " of " + memoryBudgetBytes() + " (peak " + memoryPeakBytes()
                + ", waits " + memoryWaits() + "), accept failures " + acceptFailures();
    }
}
