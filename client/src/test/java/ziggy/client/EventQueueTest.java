package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void concurrentOffersNeverGetPastTheCapacity() throws InterruptedException {
        EventQueue queue = new EventQueue(1_000);
        AtomicInteger accepted = new AtomicInteger();
        List<Thread> offering = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    if (queue.offer(new byte[] {1})) {
                        accepted.incrementAndGet();
                    }
                }
            });
            thread.start();
            offering.add(thread);
        }
        for (Thread thread : offering) {
            thread.join();
        }

        assertEquals(1_000, accepted.get());
        assertEquals(1_000, queue.size());
        List<byte[]> drained = new ArrayList<>();
        assertEquals(1_000, queue.drainTo(drained, Integer.MAX_VALUE));
        assertEquals(0, queue.size());
        assertTrue(queue.offer(new byte[] {2}), "room again once drained");
    }

    @Test
    void drainTakesTheOldestFirstAndNoMoreThanAsked() {
        EventQueue queue = new EventQueue(10);
        for (int i = 0; i < 5; i++) {
            queue.offer(numbered(i));
        }
        List<byte[]> drained = new ArrayList<>();

        assertEquals(3, queue.drainTo(drained, 3));

        assertEquals(List.of(0, 1, 2), drained.stream().map(EventQueueTest::numberOf).toList());
        assertEquals(2, queue.size());
        assertEquals(3, numberOf(queue.poll()));
        assertEquals(4, numberOf(queue.poll()));
        assertNull(queue.poll());
        assertEquals(0, queue.size());
    }

    @Test
    void removeTakesBackThatVeryEventOnly() {
        EventQueue queue = new EventQueue(10);
        byte[] first = numbered(7);
        byte[] sameBytes = numbered(7);
        queue.offer(first);
        queue.offer(sameBytes);

        assertTrue(queue.remove(sameBytes));
        assertFalse(queue.remove(sameBytes), "already taken back");
        assertEquals(1, queue.size());
        assertSame(first, queue.poll());
    }

    @Test
    void whatTwoThreadsOfferWhileTheSenderDrainsArrivesInEachThreadsOrderOrIsRefused() throws InterruptedException {
        EventQueue queue = new EventQueue(64);
        int perThread = 200_000;
        AtomicInteger refused = new AtomicInteger();
        List<Thread> offering = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            offering.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    if (!queue.offer(ByteBuffer.allocate(8).putInt(thread).putInt(i).array())) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        offering.forEach(Thread::start);
        int[] lastSeen = {-1, -1};
        long drained = 0;
        List<byte[]> batch = new ArrayList<>();
        while (offering.stream().anyMatch(Thread::isAlive) || queue.size() > 0) {
            queue.drainTo(batch, 16);
            for (byte[] event : batch) {
                ByteBuffer read = ByteBuffer.wrap(event);
                int thread = read.getInt();
                int number = read.getInt();
                assertTrue(number > lastSeen[thread], "thread " + thread + ": " + number + " after " + lastSeen[thread]);
                lastSeen[thread] = number;
                drained++;
            }
            batch.clear();
        }
        for (Thread thread : offering) {
            thread.join();
        }

        assertEquals(2L * perThread, drained + refused.get());
        assertEquals(0, queue.size());
    }

    private static byte[] numbered(int n) {
        return new byte[] {(byte) n};
    }

    private static int numberOf(byte[] event) {
        return event[0];
    }
}
