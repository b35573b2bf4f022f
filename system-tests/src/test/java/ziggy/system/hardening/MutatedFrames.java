package ziggy.system.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import ziggy.testing.TestEvents;

/**
 * A seeded generator of what a broken or hostile client puts on the collect port after its handshake:
 * ZMTP frames around events that are sound, or mutated at the BSON level (flipped bytes, lying lengths,
 * cut documents), or broken at the framing level (headers that lie, stray flags and commands, claims
 * over the maximum, plain garbage). The same seed gives the same bytes.
 */
final class MutatedFrames {
    private static final int FLAG_MORE = 0x01;
    private static final int FLAG_LONG = 0x02;
    private static final int FLAG_COMMAND = 0x04;

    private final Random random;

    MutatedFrames(long seed) {
        this.random = new Random(seed);
    }

    /** The bytes of the next frame or frames, ready to write on a handshaken connection. */
    byte[] next() {
        byte[] event = event();
        return switch (random.nextInt(10)) {
            case 0 -> frame(0, event);
            case 1 -> frame(0, flipBytes(event));
            case 2 -> frame(0, lieAboutLength(event));
            case 3 -> frame(0, java.util.Arrays.copyOf(event, random.nextInt(event.length)));
            case 4 -> headerThatLies(event);
            case 5 -> frame(random.nextInt(8), event);
            case 6 -> concat(frame(FLAG_MORE, randomBytes(20)), frame(0, event));
            case 7 -> claimOverTheMaximum();
            case 8 -> randomBytes(1 + random.nextInt(300));
            default -> frame(FLAG_COMMAND, randomBytes(random.nextInt(40)));
        };
    }

    private byte[] event() {
        BsonDocument body = new BsonDocument("n", new BsonInt32(random.nextInt()));
        for (int i = random.nextInt(4); i > 0; i--) {
            body.append("k" + i, new BsonString(Long.toHexString(random.nextLong())));
        }
        return TestEvents.bytes(new BsonDocument("type", new BsonString("fuzz." + random.nextInt(5)))
                .append("id", new BsonString(Long.toHexString(random.nextLong())))
                .append("start", new BsonDouble(System.currentTimeMillis() / 1000.0))
                .append("body", body));
    }

    private byte[] flipBytes(byte[] event) {
        byte[] flipped = event.clone();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return flipped;
    }

    private byte[] lieAboutLength(byte[] event) {
        byte[] lying = event.clone();
        int[] lies = {0, 4, event.length - 1, event.length + 1, Integer.MAX_VALUE, -1, random.nextInt()};
        ByteBuffer.wrap(lying).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, lies[random.nextInt(lies.length)]);
        return lying;
    }

    /** A long header whose size is not the body's: the stream loses its frame boundaries from here. */
    private byte[] headerThatLies(byte[] event) {
        long size = event.length + random.nextInt(64) - 32;
        return concat(ByteBuffer.allocate(9).put((byte) FLAG_LONG).putLong(Math.max(0, size)).array(), event);
    }

    /** A header announcing more than the daemon takes (or, now and then, more than anyone could), and a little of it. */
    private byte[] claimOverTheMaximum() {
        long size = random.nextInt(4) == 0 ? Long.MAX_VALUE - random.nextInt(1000) : (17L << 20) + random.nextInt(1 << 20);
        return concat(ByteBuffer.allocate(9).put((byte) FLAG_LONG).putLong(size).array(), randomBytes(random.nextInt(500)));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] frame(int flags, byte[] body) {
        ByteBuffer frame = body.length < 256
                ? ByteBuffer.allocate(2 + body.length).put((byte) (flags & ~FLAG_LONG)).put((byte) body.length)
                : ByteBuffer.allocate(9 + body.length).put((byte) (flags | FLAG_LONG)).putLong(body.length);
        return frame.put(body).array();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(first.length + second.length);
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
