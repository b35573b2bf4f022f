package ziggy.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Top-level event ids as Ziggy makes them: 16 bytes in lowercase hex (32 characters), the first 4 the
 * epoch seconds (big-endian, so ids sort roughly by time), the other 12 random. The randomness needs to make
 * collisions unlikely, not to be unguessable, so a thread-local generator does (no lock, no syscall).
 */
final class EventIds {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Per-thread scratch for the 32 hex digits, so an id costs only its String. */
    private static final ThreadLocal<byte[]> TEXT = ThreadLocal.withInitial(() -> new byte[32]);

    private EventIds() {
    }

    static String next(long epochSeconds) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] text = TEXT.get();
        hex(text, 0, epochSeconds, 8);
        hex(text, 8, random.nextLong(), 16);
        hex(text, 24, random.nextInt(), 8);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static void hex(byte[] into, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            into[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
