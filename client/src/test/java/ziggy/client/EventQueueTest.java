package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void concurrentOffersNeverGetPastTheCapacity() throws InterruptedException {
        EventQueue queue = boundedInEvents(1_000);
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
        EventQueue queue = boundedInEvents(10);
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
        EventQueue queue = boundedInEvents(10);
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
        EventQueue queue = boundedInEvents(64);
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

    @Test
    void largeEventsMeetTheByteBoundBeforeTheEventBound() {
        EventQueue queue = new EventQueue(1_000, 10_000);
        for (int i = 0; i < 10; i++) {
            assertTrue(queue.offer(new byte[1_000]), "event " + i);
        }

        assertFalse(queue.offer(new byte[1]), "not one byte more");
        assertEquals(10, queue.size());
        assertEquals(10_000, queue.heldBytes());
        queue.poll();
        assertEquals(9_000, queue.heldBytes());
        assertTrue(queue.offer(new byte[600]));
        assertTrue(queue.offer(new byte[400]));
        assertFalse(queue.offer(new byte[1]));
        assertEquals(11, queue.drainTo(new ArrayList<>(), Integer.MAX_VALUE));
        assertEquals(0, queue.size());
        assertEquals(10_000, queue.heldBytes(), "drained events are held until released");
        assertFalse(queue.offer(new byte[1]));

        queue.releaseBytes(2_500);
        assertTrue(queue.offer(new byte[2_500]));
        assertFalse(queue.offer(new byte[1]));
    }

    @Test
    void concurrentOffersOfAnySizeNeverGetPastTheByteBound() throws InterruptedException {
        long bound = 1_000_000;
        EventQueue queue = new EventQueue(EventQueue.MAX_EVENTS, bound);
        AtomicLong acceptedBytes = new AtomicLong();
        List<Thread> offering = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom();
                for (int i = 0; i < 20_000; i++) {
                    byte[] event = new byte[random.nextInt(1, 200)];
                    if (queue.offer(event)) {
                        acceptedBytes.addAndGet(event.length);
                    }
                }
            });
            thread.start();
            offering.add(thread);
        }
        for (Thread thread : offering) {
            thread.join();
        }

        assertTrue(acceptedBytes.get() <= bound, acceptedBytes + " bytes let in");
        assertTrue(acceptedBytes.get() > bound - 200, "filled up to the last event that fitted: " + acceptedBytes);
        assertEquals(acceptedBytes.get(), queue.heldBytes());
        List<byte[]> drained = new ArrayList<>();
        queue.drainTo(drained, Integer.MAX_VALUE);
        long drainedBytes = drained.stream().mapToLong(event -> event.length).sum();
        assertEquals(acceptedBytes.get(), drainedBytes);
        queue.releaseBytes(drainedBytes);
        assertEquals(0, queue.heldBytes());
    }

    @Test
    void boundsOutsideWhatThePackedTotalsHoldAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EventQueue(EventQueue.MAX_EVENTS + 1, 1_000));
        assertThrows(IllegalArgumentException.class, () -> new EventQueue(1, EventQueue.MAX_BYTES + 1));
        assertThrows(IllegalArgumentException.class, () -> new EventQueue(0, 1_000));
    }

    private static EventQueue boundedInEvents(int events) {
        return new EventQueue(events, EventQueue.MAX_BYTES);
    }

    private static byte[] numbered(int n) {
        return new byte[] {(byte) n};
    }

    private static int numberOf(byte[] event) {
        return event[0];
    }
}
