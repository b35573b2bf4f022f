package ziggy.storage.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import ziggy.protocol.logging.RateLimitedLog;

class SyncClockTest {
    private final RateLimitedLog log = new RateLimitedLog(System.getLogger(SyncClockTest.class.getName()));

    @Test
    void aFailingDiskIsTriedAgainEveryPeriod() {
        AtomicInteger runs = new AtomicInteger();
        SyncClock clock = new SyncClock("test-sync", 5, () -> {
            runs.incrementAndGet();
            throw new IOException("injected: the disk refuses");
        }, log);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        } finally {
            clock.close();
        }
    }

    @Test
    void anErrorReachesTheThreadsHandlerAndEndsTheSyncs() {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Throwable> heard = new AtomicReference<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> heard.set(e));
        SyncClock clock = new SyncClock("test-sync", 5, () -> {
            runs.incrementAndGet();
            throw new InternalError("injected");
        }, log);
        try {
            // Awaitility would take the Error for its own (it catches every thread's uncaught exceptions while it waits).
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5)).until(() -> heard.get() != null);
            assertEquals("injected", heard.get().getMessage());
            await().dontCatchUncaughtExceptions().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == 1);
        } finally {
            clock.close();
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
