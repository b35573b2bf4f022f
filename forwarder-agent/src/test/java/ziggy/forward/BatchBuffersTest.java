package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * Frames sent from the ring over a real connection to a libzmq receiver that falls behind: had a buffer
 * been filled again while JeroMQ still held its frame, a frame would arrive with a later frame's bytes;
 * had the ring missed JeroMQ's being done with a frame, it would wait for ever. Both with NULL, where
 * JeroMQ's encoder reads the frame's own bytes, and with CURVE, where the mechanism copies them into a
 * box. The receiver is pyzmq, not JeroMQ: a JeroMQ CURVE receiver whose queue is full hands the next
 * message over still boxed (JeroMQ issue 1009), which would be that bug, not this ring's.
 */
class BatchBuffersTest {
    private static final int FRAMES = 60;
    private static final int FRAME_BYTES = 256 * 1024;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** Takes the frames slowly, one queued at most, and says whether each holds what was sent. */
    private static final String SLOW_RECEIVER = """
            import sys, time, zmq
            port, frames, frame_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            context = zmq.Context()
            pull = context.socket(zmq.PULL)
            pull.rcvhwm = 1
            pull.rcvbuf = 65536
            if len(sys.argv) > 4:
                pull.curve_server = True
                pull.curve_secretkey = sys.argv[4].encode()
            pull.bind('tcp://127.0.0.1:' + port)
            print('bound', flush=True)
            for i in range(frames):
                if not pull.poll(30000):
                    print('no frame %d within 30 s' % i)
                    sys.exit(1)
                frame = pull.recv()
                if frame != bytes([i % 256]) * (frame_bytes - i):
                    print('frame %d: %d bytes, the first %r' % (i, len(frame), frame[:1]))
                    sys.exit(1)
                time.sleep(0.002)
            print('all %d frames as sent' % frames)
            """;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"NULL", "CURVE"})
    void aBufferIsFilledAgainOnlyOnceJeroMqIsDoneWithItsFrameSoEveryFrameArrivesAsSent(String mechanism) throws Exception {
        int port = FreePort.pick();
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        boolean curve = mechanism.equals("CURVE");
        List<String> args = new ArrayList<>(List.of(String.valueOf(port), String.valueOf(FRAMES), String.valueOf(FRAME_BYTES)));
        if (curve) {
            args.add(server.secretKey);
        }
        Process receiver = PythonPeer.start(SLOW_RECEIVER, args.toArray(String[]::new));
        try (ZContext context = new ZContext(1);
             BufferedReader output = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("bound", output.readLine());
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            if (curve) {
                ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
                push.setCurveServerKey(ZMQ.Curve.z85Decode(server.publicKey));
                push.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey));
                push.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey));
            }
            push.setSndHWM(1000);
            push.setSendBufferSize(64 * 1024);
            push.setHandshakeIvl(1000); // a handshake JeroMQ leaves stuck is dropped and tried again
            push.connect("tcp://127.0.0.1:" + port);

            BatchBuffers buffers = new BatchBuffers(3, FRAME_BYTES, FRAME_BYTES);
            int sent = 0;
            int heldBack = 0;
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (sent < FRAMES) {
                assertTrue(System.nanoTime() < deadline && receiver.isAlive(), "stuck after " + sent + " sent; the receiver "
                        + (receiver.isAlive() ? "waits" : "ended: " + output.readLine()));
                ByteBuffer buffer = buffers.next();
                if (buffer == null) {
                    heldBack++;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    continue;
                }
                fill(buffer, sent);
                assertTrue(push.sendMsg(buffers.frame(buffer), 0));
                buffers.taken(buffer);
                sent++;
            }
            assertTrue(receiver.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), "the receiver took every frame");
            assertEquals("all " + FRAMES + " frames as sent", output.readLine());
            assertTrue(heldBack > 0, "the ring never waited for JeroMQ, so this test showed nothing");
        } finally {
            receiver.destroyForcibly();
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
