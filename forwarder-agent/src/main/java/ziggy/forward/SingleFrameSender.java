package ziggy.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import ziggy.storage.queue.QueueCursor;

/**
 * Forwarding to an original Ziggy daemon, which knows no batches and acknowledges nothing: each event
 * goes as one frame, read into a heap buffer of its own (made the first time this mode is used).
 */
final class SingleFrameSender {
    private final int bufferBytes;
    private final int maxEvents;
    private ByteBuffer buffer;

    SingleFrameSender(int bufferBytes, int maxEvents) {
        this.bufferBytes = bufferBytes;
        this.maxEvents = maxEvents;
    }

    /** Reads the next events for single frames; false when nothing new is visible. */
    boolean read(QueueCursor cursor, PendingBatch pending) throws IOException {
        if (buffer == null) {
            buffer = ByteBuffer.allocate(bufferBytes);
        }
        return pending.read(cursor, buffer.clear(), maxEvents);
    }

    /** Sends what is left of {@code pending}, one frame an event; false when the socket took only part of it. */
    boolean send(UpstreamConnection connection, PendingBatch pending) {
        ByteBuffer events = pending.events();
        byte[] bytes = events.array();
        while (!pending.allSent()) {
            int offset = pending.nextOffset();
            int length = events.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
            if (length < 5 || offset + length > events.position()) {
                // The collect path stores only well-formed BSON; anything else is a bug upstream of here.
                throw new IllegalStateException("event at seq " + pending.nextSeq()
                        + " does not start with a BSON length (" + length + ")");
            }
            if (!connection.sendFrame(bytes, offset, length)) {
                return false;
            }
            pending.sentOne(length);
        }
        return true;
    }
}
