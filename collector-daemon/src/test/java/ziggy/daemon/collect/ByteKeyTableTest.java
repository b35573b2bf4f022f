package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ByteKeyTableTest {
    @Test
    void findsEveryKeyByItsBytesAnywhereInABufferAcrossGrowth() {
        ByteKeyTable<String> table = new ByteKeyTable<>();
        for (int i = 0; i < 5000; i++) {
            String key = "type." + i;
            table.put(key.getBytes(StandardCharsets.US_ASCII), key);
        }
        assertEquals(5000, table.size());
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        for (int i = 0; i < 5000; i += 7) {
            byte[] key = ("type." + i).getBytes(StandardCharsets.US_ASCII);
            buffer.put(13, key);
            assertEquals("type." + i, table.get(buffer, 13, key.length));
        }
        byte[] absent = "type.5000".getBytes(StandardCharsets.US_ASCII);
        buffer.put(0, absent);
        assertNull(table.get(buffer, 0, absent.length));
        assertNull(table.get(buffer, 0, 4), "a prefix of a key is another key");
    }

    @Test
    void keysOfEveryLengthAreFoundInBuffersOfEitherByteOrderAndADifferentLastByteIsAnotherKey() {
        ByteKeyTable<String> table = new ByteKeyTable<>();
        for (int length = 1; length <= 40; length++) {
            String key = "abcdefghijklmnopqrstuvwxyz0123456789ABCD".substring(0, length);
            table.put(key.getBytes(StandardCharsets.US_ASCII), key);
        }
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(64).order(order);
            for (int length = 1; length <= 40; length++) {
                String key = "abcdefghijklmnopqrstuvwxyz0123456789ABCD".substring(0, length);
                buffer.put(3, key.getBytes(StandardCharsets.US_ASCII));
                assertEquals(key, table.get(buffer, 3, length), order + " " + key);
                buffer.put(3 + length - 1, (byte) '!');
                assertNull(table.get(buffer, 3, length), order + " " + key + " with its last byte changed");
            }
        }
    }
}
