package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.testing.FreePort;

/**
 * Frames sent from the ring over a real JeroMQ connection to a receiver that falls behind: had a buffer
 * been filled again while JeroMQ still held its frame, a frame would arrive with a later frame's bytes.
 */
class BatchBuffersTest {
    private static final int FRAMES = 60;
    private static final int FRAME_BYTES = 256 * 1024;

    @Test
    void aBufferIsFilledAgainOnlyOnceJeroMqIsDoneWithItsFrameSoEveryFrameArrivesAsSent() {
        try (ZContext context = new ZContext(1)) {
            int port = FreePort.pick();
            ZMQ.Socket pull = context.createSocket(SocketType.PULL);
            pull.setRcvHWM(1);
            pull.setHandshakeIvl(1000);
            pull.bind("tcp://127.0.0.1:" + port);
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setSndHWM(1000);
            push.setSendBufferSize(64 * 1024);
            push.setHandshakeIvl(1000); // a handshake JeroMQ leaves stuck is dropped and tried again
            push.connect("tcp://127.0.0.1:" + port);

            BatchBuffers buffers = new BatchBuffers(3, FRAME_BYTES, FRAME_BYTES);
            int sent = 0;
            int received = 0;
            int heldBack = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received < FRAMES) {
                assertTrue(System.nanoTime() < deadline, "stuck after " + sent + " sent and " + received + " received");
                ByteBuffer buffer = sent < FRAMES ? buffers.next() : null;
                if (buffer != null) {
                    fill(buffer, sent);
                    assertTrue(push.sendMsg(buffers.frame(buffer), 0));
                    buffers.taken(buffer);
                    sent++;
                    continue;
                }
                if (sent < FRAMES) {
                    heldBack++;
                }
                // Read only when the ring is held back (or all is sent), so that JeroMQ always has frames queued.
                byte[] frame = pull.recv(ZMQ.DONTWAIT);
                if (frame == null) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    continue;
                }
                assertArrayEquals(expected(received), frame, "frame " + received);
                received++;
            }
            assertTrue(heldBack > 0, "the ring never waited for JeroMQ, so this test showed nothing");
        }
    }

    @Test
    void anEventTooBigForTheRingGetsABufferThatHoldsTheLargestEvent() {
        BatchBuffers buffers = new BatchBuffers(2, 1024, 8192);
        ByteBuffer big = buffers.oversize();
        assertNotNull(big);
        assertTrue(big.capacity() >= 8192);
        big.put(new byte[5000]);
        buffers.frame(big);
        buffers.taken(big);
        // Nothing later has begun to be encoded, so the kept one may still be read: a second one, not a wait.
        ByteBuffer next = buffers.oversize();
        assertTrue(next != big && next.capacity() >= 8192);
    }

    private static void fill(ByteBuffer buffer, int frame) {
        buffer.put(expected(frame));
    }

    private static byte[] expected(int frame) {
        byte[] bytes = new byte[FRAME_BYTES - frame]; // lengths differ too, so a reused slice would show
        Arrays.fill(bytes, (byte) frame);
        return bytes;
    }
}
