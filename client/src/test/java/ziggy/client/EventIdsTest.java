package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    private static String digitsOf(long hexDigits) {
        return new String(ByteBuffer.allocate(8).putLong(hexDigits).array(), StandardCharsets.US_ASCII);
    }

    @Test
    void hexDigitsMatchTheJdksHexFormatForEdgesAndAMillionRandomValues() {
        HexFormat hex = HexFormat.of();
        int[] edges = {0, 1, 9, 10, 15, 16, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x0123_4567, 0x89AB_CDEF,
            0xA0A0_A0A0};
        for (int value : edges) {
            assertEquals(hex.toHexDigits(value), digitsOf(EventIds.hexDigits(value)), Integer.toHexString(value));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1_000_000; i++) {
            int value = random.nextInt();
            assertEquals(hex.toHexDigits(value), digitsOf(EventIds.hexDigits(value)));
        }
    }

    @Test
    void anIdsTextIsItsSixteenBytesInLowercaseHex() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long high = random.nextLong();
            long low = random.nextLong();
            byte[] bytes = ByteBuffer.allocate(16).putLong(high).putLong(low).array();
            assertEquals(HexFormat.of().formatHex(bytes), EventIds.text(high, low));
        }
    }

    @Test
    void anIdStartsWithTheEpochSecondsGivenIt() {
        long epochSeconds = 1_790_000_000L;
        String id = EventIds.text(EventIds.firstHalf(epochSeconds), EventIds.secondHalf());
        assertEquals(Long.toHexString(epochSeconds), id.substring(0, 8));
    }
}
