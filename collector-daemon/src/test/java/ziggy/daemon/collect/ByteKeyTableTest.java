package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
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
}
