package ziggy.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Top-level event ids as Ziggy makes them: 16 bytes in lowercase hex (32 characters), the first 4 the
 * epoch seconds (big-endian, so ids sort roughly by time), the other 12 random. The randomness needs to make
 * collisions unlikely, not to be unguessable, so a thread-local generator does (no lock, no syscall).
 */
final class EventIds {
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    static final int LENGTH = 32;

    private EventIds() {
    }

    /** A new id; {@code text} is the calling thread's scratch ({@link PerThread}), so an id costs only its String. */
    static String next(long epochSeconds, byte[] text) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        BIG_ENDIAN_LONG.set(text, 0, hexDigits((int) epochSeconds));
        BIG_ENDIAN_LONG.set(text, 8, hexDigits((int) (high >>> 32)));
        BIG_ENDIAN_LONG.set(text, 16, hexDigits((int) high));
        BIG_ENDIAN_LONG.set(text, 24, hexDigits(random.nextInt()));
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /**
     * The 8 lowercase hex digits of {@code value} as the bytes of a long, most significant digit in the most
     * significant byte: all 8 at once in a few register operations, where a table or a loop takes a load
     * or a branch per digit (ids are made once per top-level event, on the application's thread).
     */
    static long hexDigits(int value) {
        long x = value & 0xFFFF_FFFFL;
        // Spread the 8 nibbles into the 8 bytes, keeping their order.
        x = (x & 0xFFFF_0000L) << 16 | (x & 0xFFFFL);
        x = (x & 0x0000_FF00_0000_FF00L) << 8 | (x & 0x0000_00FF_0000_00FFL);
        x = (x & 0x00F0_00F0_00F0_00F0L) << 4 | (x & 0x000F_000F_000F_000FL);
        // A byte of 10-15 gets bit 4 once 6 is added: 1 in that byte for a letter, 0 for a digit.
        long letters = (x + 0x0606_0606_0606_0606L) >>> 4 & 0x0101_0101_0101_0101L;
        return x + 0x3030_3030_3030_3030L + letters * ('a' - '0' - 10);
    }
}
