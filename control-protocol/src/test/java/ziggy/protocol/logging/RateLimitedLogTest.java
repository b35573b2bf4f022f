package ziggy.protocol.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** One line a second per reason, however often the same thing repeats, saying how many were left out. */
class RateLimitedLogTest {
    private static final long SECOND = 1_000_000_000L;

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private long now = 5 * SECOND;
    private final RateLimitedLog log = new RateLimitedLog((level, line, bug) -> lines.add(line), () -> now);

    private enum Reason { NOT_ZMTP, MECHANISM }

    @Test
    void aRepeatedReasonGoesOutOnceASecondWithTheCountLeftOut() {
        for (int i = 0; i < 1000; i++) {
            log.log(Level.WARNING, Reason.NOT_ZMTP, "refused peer " + i);
            log.log(Level.WARNING, Reason.MECHANISM, "mechanism " + i);
            now += SECOND / 1000;
        }
        log.log(Level.WARNING, Reason.NOT_ZMTP, "refused peer again");

        assertEquals(List.of("refused peer 0", "mechanism 0",
                "refused peer again (999 more like it since the last such line)"), lines);
    }

    @Test
    void aNoFromShouldLogCountsTheLineItSpared() {
        assertTrue(log.shouldLog("disk"));
        assertTrue(log.shouldLog("disk"), "asking alone lets nothing out");
        log.log(Level.WARNING, "disk", "cannot write");
        for (int i = 0; i < 3; i++) {
            assertFalse(log.shouldLog("disk"));
        }
        now += SECOND - 1;
        assertFalse(log.shouldLog("disk"), "still within the second");
        now += 1;
        assertTrue(log.shouldLog("disk"));
        log.log(Level.WARNING, "disk", "cannot write again");

        assertEquals(List.of("cannot write", "cannot write again (4 more like it since the last such line)"), lines);
    }

    @Test
    void reasonsThatAreEqualShareTheirSecond() {
        log.log(Level.WARNING, "over" + "sized".length(), "first");
        log.log(Level.WARNING, "over5", "same reason, another string object");
        log.log(Level.WARNING, 5, "another reason");
        assertEquals(List.of("first", "another reason"), lines);
    }

    @Test
    void aLoggerGetsTheLevelAndTheStackTraceOfABug() {
        List<Object[]> records = new ArrayList<>();
        RateLimitedLog toLogger = new RateLimitedLog(new RecordingLogger(records));
        IllegalStateException bug = new IllegalStateException("ours");
        toLogger.log(Level.ERROR, "handler", "the message handler failed", bug);
        toLogger.log(Level.WARNING, "lost", "peer lost");

        assertEquals(2, records.size());
        assertEquals(Level.ERROR, records.get(0)[0]);
        assertEquals("the message handler failed", records.get(0)[1]);
        assertSame(bug, records.get(0)[2]);
        assertEquals(Level.WARNING, records.get(1)[0]);
        assertEquals(null, records.get(1)[2]);
    }

    @Test
    void threadsSharingOneLogLetOutOneLineASecondBetweenThem() throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 10_000; i++) {
                    log.log(Level.WARNING, "queue", "disk full");
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        now += SECOND;
        log.log(Level.WARNING, "queue", "disk full");

        assertEquals(List.of("disk full", "disk full (39999 more like it since the last such line)"), lines);
    }

    /** Keeps what a System.Logger was asked to log: level, message, throwable. */
    private static final class RecordingLogger implements Logger {
        private final List<Object[]> records;

        RecordingLogger(List<Object[]> records) {
            this.records = records;
        }

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            records.add(new Object[] {level, msg, thrown});
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            records.add(new Object[] {level, format, null});
        }
    }
}
