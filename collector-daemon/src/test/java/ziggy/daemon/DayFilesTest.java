package ziggy.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static ziggy.testing.TestEvents.concat;
import static ziggy.testing.TestEvents.event;
import static ziggy.testing.TestEvents.utc;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.bson.RawBsonDocument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.file.BsonFileReader;

class DayFilesTest {
    @TempDir
    Path logPath;

    @Test
    void eventsAcrossUtcMidnightSplitIntoTwoDayFilesByteForByte() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            byte[] before = event("request", utc(2026, 11, 22, 23, 59, 59) + 0.999, 1);
            byte[] after = event("request", utc(2026, 11, 23, 0, 0, 0), 2);
            byte[] lateBefore = event("request", utc(2026, 11, 22, 12, 0, 0), 3);
            master.send(before);
            master.send(after);
            master.send(lateBefore);
            master.awaitFile("request.20261122.bson", concat(before, lateBefore));
            master.awaitFile("request.20261123.bson", after);
            assertEquals(List.of("request.20261122.bson", "request.20261123.bson"), master.files());
        }
    }

    @Test
    void anotherTimeZoneMovesMidnight() throws Exception {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        try (RunningMaster master = new RunningMaster(logPath, tokyo, DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                DaemonSettings.DEFAULT_IDLE_CLOSE)) {
            byte[] lastTokyoSecond = event("job", utc(2026, 11, 22, 14, 59, 59), 1);
            byte[] tokyoMidnight = event("job", utc(2026, 11, 22, 15, 0, 0), 2);
            master.send(lastTokyoSecond);
            master.send(tokyoMidnight);
            master.awaitFile("job.20261122.bson", lastTokyoSecond);
            master.awaitFile("job.20261123.bson", tokyoMidnight);
        }
    }

    @Test
    void twentyTypesAtOnceEachGetTheirOwnFileInOrder() throws Exception {
        double start = utc(2026, 11, 23, 10, 0, 0);
        Map<String, ByteArrayOutputStream> expected = new LinkedHashMap<>();
        try (RunningMaster master = new RunningMaster(logPath)) {
            for (int n = 0; n < 2000; n++) {
                String type = "type" + (n % 20) + (n % 2 == 0 ? ".sub" : "");
                byte[] event = event(type, start + n, n);
                expected.computeIfAbsent(type, t -> new ByteArrayOutputStream()).writeBytes(event);
                master.send(event);
            }
            master.awaitTaken(2000, 0);
            for (Map.Entry<String, ByteArrayOutputStream> type : expected.entrySet()) {
                master.awaitFile(type.getKey() + ".20261123.bson", type.getValue().toByteArray());
            }
            assertEquals(20, master.files().size());
            assertEquals(20, master.status().getDocument(StatusKeys.EVENTS).size());
            assertEquals(100, master.status().getDocument(StatusKeys.EVENTS).getDocument("type3")
                    .getInt64(StatusKeys.COUNT).getValue());
        }
    }

    @Test
    void anIdleFileIsClosedAndReopenedForAppend() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath, ZoneId.of("UTC"), DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                Duration.ofSeconds(1))) {
            byte[] first = event("request", utc(2026, 11, 23, 1, 0, 0), 1);
            master.send(first);
            master.awaitFile("request.20261123.bson", first);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    master.status().getDocument(StatusKeys.FILES).getInt32(StatusKeys.FILES_OPEN).getValue() == 0);
            byte[] second = event("request", utc(2026, 11, 23, 2, 0, 0), 2);
            master.send(second);
            master.awaitFile("request.20261123.bson", concat(first, second));
        }
    }

    @Test
    void aFileDeletedWhileRunningIsCreatedAgain() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            byte[] first = event("request", utc(2026, 11, 23, 1, 0, 0), 1);
            master.send(first);
            master.awaitFile("request.20261123.bson", first);
            Files.delete(logPath.resolve("request.20261123.bson"));
            List<byte[]> later = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                byte[] next = event("request", utc(2026, 11, 23, 2, 0, 0), later.size() + 2);
                later.add(next);
                master.send(next);
                return master.status().getDocument(StatusKeys.FILES).getInt64(StatusKeys.FILES_RECREATED).getValue() == 1;
            });
            master.awaitTaken(1 + later.size(), 0);
            // Every event sent after the deletion was noticed is in the new file; none is lost to the old one.
            byte[] last = later.get(later.size() - 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(logPath.resolve("request.20261123.bson"))
                    && endsWith(master.read("request.20261123.bson"), last));
        }
    }

    @Test
    void stopWritesEverythingAndClosesTheFiles() throws Exception {
        RunningMaster master = new RunningMaster(logPath);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int n = 0; n < 500; n++) {
            byte[] event = event("request", utc(2026, 11, 23, 3, 0, 0), n);
            all.writeBytes(event);
            master.send(event);
        }
        master.awaitTaken(500, 0);
        master.close();
        assertArrayEquals(all.toByteArray(), master.read("request.20261123.bson"));
    }

    @Test
    void aTornTailLeftByACrashIsCutBeforeTheNextEventAndCounted() throws Exception {
        byte[] first = event("request", utc(2026, 11, 23, 1, 0, 0), 1);
        byte[] second = event("request", utc(2026, 11, 23, 1, 0, 1), 2);
        byte[] torn = java.util.Arrays.copyOf(event("request", utc(2026, 11, 23, 1, 0, 2), 3), 28);
        Files.write(logPath.resolve("request.20261123.bson"), concat(first, second, torn));
        try (RunningMaster master = new RunningMaster(logPath)) {
            byte[] next = event("request", utc(2026, 11, 23, 2, 0, 0), 4);
            master.send(next);
            master.awaitFile("request.20261123.bson", concat(first, second, next));
            assertEquals(1, master.status().getDocument(StatusKeys.FILES).getInt64(StatusKeys.FILES_CUT_TAILS).getValue());
            assertEquals(List.of(1, 2, 4), numbers(master.read("request.20261123.bson")));
        }
    }

    @Test
    void aLiveFileReadWhileEventsStreamInNeverShowsDamage() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            Thread sender = new Thread(() -> {
                while (sending.get()) {
                    master.send(event("request", utc(2026, 11, 23, 4, 0, 0), sent.incrementAndGet()));
                    if (sent.get() % 10 == 0) {
                        // Paced (at most 10,000 a second) so the file, read whole 200 times, stays a few MB.
                        LockSupport.parkNanos(1_000_000);
                    }
                }
            }, "sender");
            sender.start();
            Path file = logPath.resolve("request.20261123.bson");
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
                for (int read = 0; read < 200; read++) {
                    try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                        for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                            // An Unfinished last event is the one being appended as we read: allowed.
                            assertFalse(item instanceof BsonFileReader.Damage, file + " after " + sent.get() + ": " + item);
                        }
                    }
                }
            } finally {
                sending.set(false);
                sender.join();
            }
        }
    }

    private static List<Integer> numbers(byte[] file) throws java.io.IOException {
        List<Integer> numbers = new ArrayList<>();
        try (BsonFileReader reader = new BsonFileReader(new java.io.ByteArrayInputStream(file))) {
            for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                BsonFileReader.Document document = assertInstanceOf(BsonFileReader.Document.class, item);
                numbers.add(new RawBsonDocument(document.bytes()).getDocument("body").getNumber("n").intValue());
            }
        }
        return numbers;
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        if (bytes.length < suffix.length) {
            return false;
        }
        return java.util.Arrays.equals(bytes, bytes.length - suffix.length, bytes.length, suffix, 0, suffix.length);
    }
}
