package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The hand-off from other threads to the collect thread: bounded, in order, and one wake-up per drain. */
class EventHandOffTest {
    @Test
    void theLoopIsWokenOncePerDrainNotPerEvent() throws Exception {
        EventHandOff<byte[]> handOff = EventHandOff.ofEvents(100, 1 << 20);
        AtomicInteger wakeups = new AtomicInteger();
        handOff.wakeUpWith(wakeups::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            assertTrue(handOff.offer(new byte[] {(byte) i}, 0));
        }
        assertEquals(1, wakeups.get());
        List<Byte> taken = new ArrayList<>();
        assertEquals(10, handOff.drain(100, event -> taken.add(event[0])));
        assertEquals(List.of((byte) 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8,
                (byte) 9), taken);
        assertTrue(handOff.offerWithoutSignal(new byte[1], 0));
        assertTrue(handOff.offerWithoutSignal(new byte[1], 0));
        assertEquals(1, wakeups.get());
        handOff.signal();
        handOff.signal();
        assertEquals(2, wakeups.get());
    }

    @Test
    void aDrainBoundedPerTurnWakesTheLoopAgainForTheRest() throws Exception {
        EventHandOff<byte[]> handOff = EventHandOff.ofEvents(100, 1 << 20);
        AtomicInteger wakeups = new AtomicInteger();
        handOff.wakeUpWith(wakeups::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            handOff.offer(new byte[1], 0);
        }
        assertEquals(3, handOff.drain(3, event -> { }));
        assertEquals(2, wakeups.get());
        assertEquals(2, handOff.drain(3, event -> { }));
    }

    @Test
    void aFullHandOffMakesTheProducerWaitBoundedlyInEventsAndInBytes() throws Exception {
        EventHandOff<byte[]> byCount = EventHandOff.ofEvents(2, 1 << 20);
        assertTrue(byCount.offer(new byte[1], 0));
        assertTrue(byCount.offer(new byte[1], 0));
        long start = System.nanoTime();
        assertFalse(byCount.offer(new byte[1], TimeUnit.MILLISECONDS.toNanos(20)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20));
        EventHandOff<byte[]> byBytes = EventHandOff.ofEvents(100, 10);
        assertTrue(byBytes.offer(new byte[20], 0)); // larger than the budget, alone: it passes
        assertFalse(byBytes.offer(new byte[1], 0));
        byBytes.drain(1, event -> { });
        assertTrue(byBytes.offer(new byte[6], 0));
        assertFalse(byBytes.offer(new byte[6], 0));
        assertTrue(byBytes.offer(new byte[4], 0));
    }
}
