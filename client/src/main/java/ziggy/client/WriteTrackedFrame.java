package ziggy.client;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import zmq.Msg;

/**
 * One event as a JeroMQ frame that says when JeroMQ's I/O thread begins to write it. JeroMQ keeps a frame
 * in its pipe until the socket's encoder takes it, asks it for its bytes ({@link Msg#buf()}) and writes
 * them to the kernel; the frames of one socket are encoded one after the other, in the order they were
 * sent (the forwarder's {@code BatchBuffers} relies on the same). So when a frame is asked for its bytes,
 * every frame sent before it has left the pipe, and the frame publishes how many bytes had been handed to
 * JeroMQ up to its own end. A frame JeroMQ drops unwritten (its connection lost between taking it and
 * writing it) is covered by the next frame written.
 */
final class WriteTrackedFrame extends Msg {
    private final long handedOnThrough;
    private final AtomicLong writtenThrough;

    /**
     * @param handedOnThrough bytes handed to JeroMQ on this socket up to and including this frame
     * @param writtenThrough  where the socket's I/O thread publishes that count when it takes the frame
     */
    WriteTrackedFrame(byte[] event, long handedOnThrough, AtomicLong writtenThrough) {
        super(event);
        this.handedOnThrough = handedOnThrough;
        this.writtenThrough = writtenThrough;
    }

    @Override
    public ByteBuffer buf() {
        // Only the socket's one I/O thread asks, frame after frame in sending order (more than once per
        // frame, which publishes the same count), so a plain ordered store keeps the count increasing.
        writtenThrough.lazySet(handedOnThrough);
        return super.buf();
    }
}
