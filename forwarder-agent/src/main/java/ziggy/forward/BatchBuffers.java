package ziggy.forward;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import zmq.Msg;

/**
 * The direct buffers that one connection's batch frames are read into and sent from, without a copy and
 * without garbage per batch.
 *
 * <p>JeroMQ does not copy a frame made from a {@link ByteBuffer}: the {@link Msg} keeps a view of it until
 * the socket's I/O thread has written it to the kernel, and says nothing when it is done. So a buffer may
 * be filled again only once JeroMQ can no longer read it. JeroMQ 0.6.0 encodes the messages of a socket
 * one after the other, in the order they were sent, and takes the next message only after every byte of
 * the previous one is written to the kernel (its {@code StreamEngine} encodes only when nothing is left to
 * write). Over NULL the encoder asks a frame for its bytes ({@link Msg#buf()}) when it begins to encode
 * it; over CURVE the mechanism copies them into a box ({@link Msg#transfer}) when the engine takes the
 * frame, and the encoder never sees the frame itself. So once the frame sent after the one in a buffer
 * has been asked for its bytes either way, that buffer is free. Each frame made here records, when it is
 * asked, that it has begun; a buffer is handed out again only when a later frame has begun.
 *
 * <p>What a socket still holds when it is closed is never known to be done, so these buffers belong to one
 * connection and are dropped with it. An event bigger than a pooled buffer is read into a buffer of
 * its own ({@link #oversize}).
 */
final class BatchBuffers {
    private final ByteBuffer[] pool;
    /** For each pooled buffer, the index of the last frame sent from it; -1 when none was. */
    private final long[] lastFrame;
    private final int maxEventBytes;
    /** The highest frame index whose encoding has begun on the I/O thread. */
    private final AtomicLong begun = new AtomicLong(-1);
    private ByteBuffer oversize;
    private long oversizeFrame = -1;
    private long nextFrame;
    private int nextSlot;

    BatchBuffers(int count, int bytes, int maxEventBytes) {
        pool = new ByteBuffer[count];
        lastFrame = new long[count];
        for (int i = 0; i < count; i++) {
            pool[i] = ByteBuffer.allocateDirect(bytes);
            lastFrame[i] = -1;
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** The next pooled buffer, cleared, or null while JeroMQ may still read every one of them. */
    ByteBuffer next() {
        if (!done(lastFrame[nextSlot])) {
            return null;
        }
        return pool[nextSlot].clear();
    }

    /**
     * A cleared buffer for one event too big for the pooled ones: the one kept for such events once JeroMQ
     * is done with it, otherwise a one-off heap buffer. Never waits: nothing sent after the last big event
     * may exist yet to show that JeroMQ is done with it.
     */
    ByteBuffer oversize() {
        if (oversize == null) {
            oversize = ByteBuffer.allocateDirect(maxEventBytes);
        } else if (!done(oversizeFrame)) {
            return ByteBuffer.allocate(maxEventBytes);
        }
        return oversize.clear();
    }

    private boolean done(long frame) {
        return frame < 0 || begun.get() > frame;
    }

    /** A frame of {@code buffer}'s bytes from 0 to its position, to be sent on this connection. */
    Msg frame(ByteBuffer buffer) {
        // A slice: JeroMQ's encoder takes a frame's capacity, not its limit, for the end of its bytes.
        return new TrackedFrame(buffer.duplicate().flip().slice(), nextFrame, begun);
    }

    /** The socket took the frame made last from {@code buffer}: JeroMQ holds it from now on. */
    void taken(ByteBuffer buffer) {
        if (buffer == pool[nextSlot]) {
            lastFrame[nextSlot] = nextFrame;
            nextSlot = (nextSlot + 1) % pool.length;
        } else if (buffer == oversize) {
            oversizeFrame = nextFrame;
        }
        nextFrame++;
    }

    /** A frame that records, when JeroMQ first asks for its bytes (to encode or to box them), that its encoding has begun. */
    private static final class TrackedFrame extends Msg {
        private final long index;
        private final AtomicLong begun;

        TrackedFrame(ByteBuffer bytes, long index, AtomicLong begun) {
            super(bytes);
            this.index = index;
            this.begun = begun;
        }

        @Override
        public ByteBuffer buf() {
            begin();
            return super.buf();
        }

        @Override
        public void transfer(ByteBuffer destination, int srcOffset, int srcLength) {
            begin();
            super.transfer(destination, srcOffset, srcLength);
        }

        private void begin() {
            begun.accumulateAndGet(index, Math::max);
        }
    }
}
