package ziggy.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import ziggy.protocol.batch.BatchHeader;
import ziggy.storage.queue.QueueCursor;

/**
 * Events read from the queue and not yet all taken by the socket: a batch waits here while JeroMQ's
 * send buffer is full, and single frames remember how far into the batch they got. Used by the
 * forwarder's thread only.
 */
final class PendingBatch {
    private ByteBuffer events;
    private long firstSeq;
    private int count;
    private byte[] header;
    /** Single frames: the byte offset and index of the next event to send. */
    private int offset;
    private int sent;

    /** Reads up to {@code maxEvents} events from {@code cursor} into {@code into}; false when none was new. */
    boolean read(QueueCursor cursor, ByteBuffer into, int maxEvents) throws IOException {
        return hold(cursor, into, cursor.read(into, maxEvents));
    }

    /** Holds the {@code read} events the cursor just put into {@code into}; false when there were none. */
    boolean hold(QueueCursor cursor, ByteBuffer into, int read) {
        if (read == 0) {
            return false;
        }
        events = into;
        firstSeq = cursor.batchFirstSeq();
        count = read;
        header = null;
        offset = 0;
        sent = 0;
        return true;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Forgets the batch (sent, or thrown away by a rewind); its buffer goes back to whoever lent it. */
    void clear() {
        count = 0;
        header = null;
        events = null;
    }

    long firstSeq() {
        return firstSeq;
    }

    long lastSeq() {
        return firstSeq + count - 1;
    }

    /** The events, from 0 to the buffer's position. */
    ByteBuffer events() {
        return events;
    }

    /** The batch's header frame, encoded once however often the send is tried. */
    byte[] header(String sourceId) {
        if (header == null) {
            header = new BatchHeader(sourceId, firstSeq, count).encode();
        }
        return header;
    }

    /** Single frames: whether every event of the batch has gone. */
    boolean allSent() {
        return sent == count;
    }

    int nextOffset() {
        return offset;
    }

    long nextSeq() {
        return firstSeq + sent;
    }

    /** Single frames: the next event, of {@code length} bytes, was taken by the socket. */
    void sentOne(int length) {
        offset += length;
        sent++;
    }
}
