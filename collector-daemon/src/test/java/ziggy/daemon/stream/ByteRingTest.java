package ziggy.daemon.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ByteRingTest {
    private static final byte[] TYPE = "request".getBytes(StandardCharsets.US_ASCII);

    private static ByteBuffer event(int n, int size) {
        ByteBuffer buffer = ByteBuffer.allocate(size + 10);
        for (int i = 0; i < size; i++) {
            buffer.put(5 + i, (byte) (n + i));
        }
        return buffer;
    }

    @Test
    void recordsComeOutWholeAndInOrderAcrossTheWrap() {
        ByteRing ring = new ByteRing(1024);
        List<byte[]> out = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            int size = 1 + (n * 37) % 300;
            assertTrue(ring.offer(TYPE, event(n, size), 5, size));
            ring.drain((type, event) -> {
                assertArrayEquals(TYPE, type);
                out.add(event);
            });
            byte[] expected = new byte[size];
            event(n, size).get(5, expected);
            assertArrayEquals(expected, out.get(n));
        }
    }

    @Test
    void aFullRingRefusesInsteadOfWaiting() {
        ByteRing ring = new ByteRing(1024);
        int taken = 0;
        while (ring.offer(TYPE, event(taken, 100), 5, 100)) {
            taken++;
        }
        assertEquals(1024 / (8 + TYPE.length + 100), taken);
        assertFalse(ring.offer(TYPE, event(0, 2000), 5, 2000), "larger than the ring");
        assertEquals(taken, ring.drain((type, event) -> { }));
        assertTrue(ring.offer(TYPE, event(0, 100), 5, 100), "room again once drained");
    }

    @Test
    void oneProducerAndOneConsumerThreadLoseAndReorderNothing() throws Exception {
        ByteRing ring = new ByteRing(4096);
        int events = 200_000;
        List<Integer> seen = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            while (seen.size() < events) {
                ring.drain((type, event) -> seen.add(ByteBuffer.wrap(event).getInt()));
            }
        });
        consumer.start();
        ByteBuffer event = ByteBuffer.allocate(16);
        for (int n = 0; n < events; n++) {
            event.putInt(0, n);
            while (!ring.offer(TYPE, event, 0, 16)) {
                Thread.onSpinWait();
            }
        }
        consumer.join(20_000);
        assertEquals(events, seen.size());
        for (int n = 0; n < events; n++) {
            assertEquals(n, seen.get(n));
        }
    }
}
