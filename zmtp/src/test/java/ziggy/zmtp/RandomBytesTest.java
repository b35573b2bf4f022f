package ziggy.zmtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * Whatever bytes a peer sends, parsing ends in a message, a command or a {@link PeerRefusal}, never in
 * another exception: corruption is expected input.
 */
class RandomBytesTest {
    private static final RateLimitedLog LOG = new RateLimitedLog(System.getLogger(RandomBytesTest.class.getName()));

    @Test
    void randomFramesEndInMessagesOrARefusal() {
        Random random = new Random(23);
        ReceiveBudget budget = new ReceiveBudget(1L << 30);
        ZmtpCounters counters = new ZmtpCounters(budget);
        ZmtpOptions options = ZmtpOptions.defaults().withReceiveBufferBytes(4096).withMaxMessageBytes(10_000);
        int refused = 0;
        for (int run = 0; run < 2000; run++) {
            byte[] bytes = new byte[random.nextInt(3000)];
            random.nextBytes(bytes);
            // Mostly plausible flags, so that parsing gets past the first frame.
            for (int i = 0; i < bytes.length; i += 1 + random.nextInt(40)) {
                bytes[i] = (byte) (bytes[i] & (random.nextInt(4) == 0 ? 0xFF : 0x03));
            }
            FrameDecoder decoder = new FrameDecoder(new ReceiveBufferPool(4096, budget, counters, LOG), options, counters, LOG, "fuzz",
                    e -> {
                        throw e;
                    });
            decoder.allowMessages();
            PieceChannel channel = new PieceChannel(bytes, 500, random);
            try {
                while (decoder.readFrom(channel) > 0) {
                    decoder.decode(new RecordingHandler(), Commands::name);
                }
            } catch (PeerRefusal expected) {
                refused++;
            } catch (java.io.IOException impossible) {
                throw new AssertionError(impossible);
            }
        }
        assertTrue(refused > 0, "some random streams must break the framing");
    }

    @Test
    void randomCommandBodiesEndInAValueOrARefusal() {
        Random random = new Random(37);
        for (int run = 0; run < 20_000; run++) {
            byte[] body = new byte[random.nextInt(60)];
            random.nextBytes(body);
            if (body.length > 0 && random.nextBoolean()) {
                body[0] = (byte) random.nextInt(Math.max(1, body.length));
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(body.length + 10);
            buffer.put(5, body, 0, body.length);
            try {
                Commands.name(buffer, 5, body.length);
                Commands.errorReason(buffer, 5, body.length);
                Commands.pongFrame(buffer, 5, body.length);
                Commands.socketType(buffer, 5, body.length);
            } catch (PeerRefusal expected) {
                // The answer to a malformed command.
            }
        }
    }
}
