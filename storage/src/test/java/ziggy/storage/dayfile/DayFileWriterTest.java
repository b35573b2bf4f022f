package ziggy.storage.dayfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class DayFileWriterTest {
    @TempDir
    Path logPath;

    private final RecordedCounts counts = new RecordedCounts();

    private static ByteBuffer bytes(int size, int seed) {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            buffer.put(i, (byte) (seed + i));
        }
        return buffer;
    }

    /** Bytes whose first four say they are a document of {@code size} bytes, as the tail check reads them. */
    private static byte[] document(int size, int seed) {
        ByteBuffer document = bytes(size, seed).order(ByteOrder.LITTLE_ENDIAN).putInt(0, size);
        return document.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    private DayFileWriter writer() {
        return new DayFileWriter(logPath, LengthJournal.NONE, counts, Duration.ofSeconds(60), 4096, 8);
    }

    @Test
    void eventsLargerThanTheBufferGoStraightThroughInOrder() throws Exception {
        try (DayFileWriter writer = new DayFileWriter(logPath, LengthJournal.NONE, counts, Duration.ofSeconds(60), 4096, 8)) {
            TypeFiles type = writer.filesFor("request");
            ByteBuffer small = bytes(100, 1);
            ByteBuffer large = bytes(10_000, 2);
            writer.append(type, 20261123, small, 0, 100, System.nanoTime());
            writer.append(type, 20261123, large, 0, 10_000, System.nanoTime());
            writer.append(type, 20261123, small, 0, 100, System.nanoTime());
            writer.flushAll(System.nanoTime());
            ByteBuffer expected = ByteBuffer.allocate(10_200).put(small.duplicate()).put(large.duplicate()).put(small.duplicate());
            assertArrayEquals(expected.array(), Files.readAllBytes(logPath.resolve("request.20261123.bson")));
        }
    }

    @Test
    void aDiskThatRefusesWritesCostsThatBufferCountedAndTheWriterGoesOn() throws Exception {
        Path devFull = Paths.get("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "needs /dev/full");
        // The day file is a link to a device on which every write fails with ENOSPC, as on a full disk.
        Files.createSymbolicLink(logPath.resolve("request.20261123.bson"), devFull);
        try (DayFileWriter writer = new DayFileWriter(logPath, LengthJournal.NONE, counts, Duration.ofSeconds(60), 4096, 8)) {
            TypeFiles full = writer.filesFor("request");
            TypeFiles fine = writer.filesFor("job");
            for (int i = 0; i < 3; i++) {
                writer.append(full, 20261123, bytes(50, i), 0, 50, System.nanoTime());
                writer.append(fine, 20261123, bytes(50, i), 0, 50, System.nanoTime());
            }
            writer.flushAll(System.nanoTime());
            assertEquals(1, counts.writeErrors);
            assertEquals(3, counts.lostEvents);
            assertEquals(150, Files.size(logPath.resolve("job.20261123.bson")));
            writer.append(full, 20261123, bytes(50, 9), 0, 50, System.nanoTime());
            writer.flushAll(System.nanoTime());
            assertEquals(2, counts.writeErrors);
            assertEquals(4, counts.lostEvents);
        }
    }

    @Test
    void aTornTailIsCutBackToTheLastWholeEventBeforeTheNextAppend() throws Exception {
        Path file = logPath.resolve("request.20261123.bson");
        byte[] whole = concat(document(60, 1), document(70, 2));
        Files.write(file, concat(whole, Arrays.copyOf(document(90, 3), 33)));
        try (DayFileWriter writer = writer()) {
            ByteBuffer next = ByteBuffer.wrap(document(40, 4));
            writer.append(writer.filesFor("request"), 20261123, next, 0, 40, System.nanoTime());
            writer.flushAll(System.nanoTime());
        }
        assertArrayEquals(concat(whole, document(40, 4)), Files.readAllBytes(file));
        assertEquals(1, counts.cutTails);
    }

    @Test
    void aTailOfZerosLeftByAPowerCutIsCutToo() throws Exception {
        Path file = logPath.resolve("request.20261123.bson");
        byte[] whole = document(60, 1);
        Files.write(file, concat(whole, new byte[4096]));
        try (DayFileWriter writer = writer()) {
            writer.append(writer.filesFor("request"), 20261123, ByteBuffer.wrap(document(40, 2)), 0, 40, System.nanoTime());
            writer.flushAll(System.nanoTime());
        }
        assertArrayEquals(concat(whole, document(40, 2)), Files.readAllBytes(file));
        assertEquals(1, counts.cutTails);
    }

    @Test
    void bytesThatAreNoEventBeforeWholeEventsAreLeftForReadersToSkip() throws Exception {
        Path file = logPath.resolve("request.20261123.bson");
        byte[] before = concat(document(60, 1), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 9}, document(50, 2));
        Files.write(file, before);
        try (DayFileWriter writer = writer()) {
            writer.append(writer.filesFor("request"), 20261123, ByteBuffer.wrap(document(40, 3)), 0, 40, System.nanoTime());
            writer.flushAll(System.nanoTime());
        }
        assertArrayEquals(concat(before, document(40, 3)), Files.readAllBytes(file));
        assertEquals(0, counts.cutTails);
    }

    @Test
    void aFileTornWhileClosedForIdlenessIsCutFromWhereItWasClosed() throws Exception {
        Path file = logPath.resolve("request.20261123.bson");
        try (DayFileWriter writer = new DayFileWriter(logPath, LengthJournal.NONE, counts, Duration.ZERO, 4096, 8)) {
            TypeFiles type = writer.filesFor("request");
            writer.append(type, 20261123, ByteBuffer.wrap(document(60, 1)), 0, 60, System.nanoTime());
            writer.flushAll(System.nanoTime());
            long later = System.nanoTime() + 2_000_000_000L;
            writer.onTick(later);
            assertEquals(0, counts.openFiles);
            // Another writer (a copy job, a crashed older daemon) leaves half an event behind.
            Files.write(file, Arrays.copyOf(document(80, 2), 30), StandardOpenOption.APPEND);
            writer.append(type, 20261123, ByteBuffer.wrap(document(40, 3)), 0, 40, later);
            writer.flushAll(later);
        }
        assertArrayEquals(concat(document(60, 1), document(40, 3)), Files.readAllBytes(file));
        assertEquals(1, counts.cutTails);
    }

    @Test
    void aTypeNameThatWouldLeaveTheFolderIsRefused() {
        try (DayFileWriter writer = new DayFileWriter(logPath, LengthJournal.NONE, counts, Duration.ofSeconds(60), 4096, 8)) {
            TypeFiles escaping = writer.filesFor("../outside");
            assertThrows(IllegalStateException.class,
                    () -> writer.append(escaping, 20261123, bytes(10, 0), 0, 10, System.nanoTime()));
        }
    }

    @Test
    void pastTheOpenFileLimitTheIdlestIsClosedAndNothingIsLost() throws Exception {
        try (DayFileWriter writer = new DayFileWriter(logPath, LengthJournal.NONE, counts, Duration.ofSeconds(60), 4096, 2)) {
            for (int round = 0; round < 3; round++) {
                for (int t = 0; t < 5; t++) {
                    writer.append(writer.filesFor("t" + t), 20261123, bytes(10, t), 0, 10, System.nanoTime());
                    writer.flushAll(System.nanoTime());
                }
            }
            assertEquals(2, counts.openFiles);
        }
        for (int t = 0; t < 5; t++) {
            assertEquals(30, Files.size(logPath.resolve("t" + t + ".20261123.bson")));
        }
    }
}
