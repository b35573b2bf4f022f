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
 *
 * <p>An id is kept as two longs, {@link #firstHalf} and {@link #secondHalf}, and turned into hex only where
 * it is written: into the event ({@link #writeHex}) or, if the application asks, a String ({@link #text}).
 */
final class EventIds {
    static final int LENGTH = 32;
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private EventIds() {
    }

    /** The id's first 8 bytes: 4 of epoch seconds, 4 random. */
    static long firstHalf(long epochSeconds) {
        return epochSeconds << 32 | (ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL);
    }

    /** The id's last 8 bytes, random. */
    static long secondHalf() {
        return ThreadLocalRandom.current().nextLong();
    }

    static String text(long high, long low) {
        byte[] text = new byte[LENGTH];
        writeHex(text, 0, high, low);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** The 32 hex digits of {@code high} then {@code low} at {@code into[at]}. */
    static void writeHex(byte[] into, int at, long high, long low) {
        BIG_ENDIAN_LONG.set(into, at, hexDigits((int) (high >>> 32)));
        BIG_ENDIAN_LONG.set(into, at + 8, hexDigits((int) high));
        BIG_ENDIAN_LONG.set(into, at + 16, hexDigits((int) (low >>> 32)));
        BIG_ENDIAN_LONG.set(into, at + 24, hexDigits((int) low));
    }

    /**
     * The 8 lowercase hex digits of {@code value} as the bytes of a long, most significant digit in the most
     * significant byte: all 8 at once in a few register operations, where a table or a loop takes a load
     * or a branch per digit.
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
