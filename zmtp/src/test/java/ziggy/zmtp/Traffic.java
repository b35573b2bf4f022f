package ziggy.zmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Messages the interop tests send, and the checks on what arrived. */
final class Traffic {
    private Traffic() {
    }

    /** Single- and multi-frame messages of the sizes that matter: empty, the short/long boundary, 64 KiB, MiBs. */
    static List<List<byte[]>> sizesThatMatter() {
        int[] singles = {0, 1, 254, 255, 256, 243, 65_536, 3 << 20, 1, 5 << 20, 0};
        List<List<byte[]>> messages = new ArrayList<>();
        for (int i = 0; i < singles.length; i++) {
            messages.add(List.of(WireBytes.patterned(singles[i], i)));
        }
        messages.add(List.of(WireBytes.patterned(0, 20), WireBytes.patterned(1, 21), WireBytes.patterned(255, 22),
                WireBytes.patterned(256, 23), WireBytes.patterned(65_536, 24)));
        messages.add(List.of(WireBytes.patterned(40, 25), WireBytes.patterned(2 << 20, 26)));
        for (int i = 0; i < 1000; i++) {
            messages.add(List.of(WireBytes.patterned(200 + i % 100, 1000 + i)));
        }
        return messages;
    }

    /**
     * {@code perConnection} messages for each of {@code connections}, interleaved so that message i
     * belongs to connection i % connections; each starts with its connection and its number there.
     */
    static List<List<byte[]>> tagged(int connections, int perConnection) {
        List<List<byte[]>> messages = new ArrayList<>();
        for (int seq = 0; seq < perConnection; seq++) {
            for (int c = 0; c < connections; c++) {
                byte[] body = WireBytes.patterned(8 + (seq * 37 + c) % 600, seq * 1000L + c);
                ByteBuffer.wrap(body).putInt(c).putInt(seq);
                messages.add(List.of(body));
            }
        }
        return messages;
    }

    /** Every tagged message arrived once, byte for byte, and each connection's in the order sent. */
    static void assertInOrderPerConnection(List<List<byte[]>> sent, int connections, List<List<byte[]>> received) {
        assertEquals(sent.size(), received.size(), "messages received");
        Map<Integer, Integer> next = new HashMap<>();
        for (List<byte[]> message : received) {
            ByteBuffer tag = ByteBuffer.wrap(message.get(0));
            int connection = tag.getInt();
            int seq = tag.getInt();
            int expected = next.getOrDefault(connection, 0);
            assertEquals(expected, seq, "message number on connection " + connection);
            assertArrayEquals(sent.get(seq * connections + connection).get(0), message.get(0), "message " + seq
                    + " of connection " + connection);
            next.put(connection, seq + 1);
        }
        assertEquals(connections, next.size(), "connections heard from");
    }
}
