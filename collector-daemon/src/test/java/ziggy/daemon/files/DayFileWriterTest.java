package ziggy.daemon.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.stats.IntakeStats;

class DayFileWriterTest {
    @TempDir
    Path logPath;

    private final IntakeStats stats = new IntakeStats();

    private static ByteBuffer bytes(int size, int seed) {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            buffer.put(i, (byte) (seed + i));
        }
        return buffer;
    }

    @Test
    void eventsLargerThanTheBufferGoStraightThroughInOrder() throws Exception {
        try (DayFileWriter writer = new DayFileWriter(logPath, CommitJournal.recover(logPath), stats, Duration.ofSeconds(60), 4096, 8)) {
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
        try (DayFileWriter writer = new DayFileWriter(logPath, CommitJournal.recover(logPath), stats, Duration.ofSeconds(60), 4096, 8)) {
            TypeFiles full = writer.filesFor("request");
            TypeFiles fine = writer.filesFor("job");
            for (int i = 0; i < 3; i++) {
                writer.append(full, 20261123, bytes(50, i), 0, 50, System.nanoTime());
                writer.append(fine, 20261123, bytes(50, i), 0, 50, System.nanoTime());
            }
            writer.flushAll(System.nanoTime());
            assertEquals(1, stats.writeErrors.get());
            assertEquals(3, stats.lostEvents.get());
            assertEquals(150, Files.size(logPath.resolve("job.20261123.bson")));
            writer.append(full, 20261123, bytes(50, 9), 0, 50, System.nanoTime());
            writer.flushAll(System.nanoTime());
            assertEquals(2, stats.writeErrors.get());
            assertEquals(4, stats.lostEvents.get());
        }
    }

    @Test
    void aTypeNameThatWouldLeaveTheFolderIsRefused() {
        try (DayFileWriter writer = new DayFileWriter(logPath, CommitJournal.recover(logPath), stats, Duration.ofSeconds(60), 4096, 8)) {
            TypeFiles escaping = writer.filesFor("../outside");
            assertThrows(IllegalStateException.class,
                    () -> writer.append(escaping, 20261123, bytes(10, 0), 0, 10, System.nanoTime()));
        }
    }

    @Test
    void pastTheOpenFileLimitTheIdlestIsClosedAndNothingIsLost() throws Exception {
        try (DayFileWriter writer = new DayFileWriter(logPath, CommitJournal.recover(logPath), stats, Duration.ofSeconds(60), 4096, 2)) {
            for (int round = 0; round < 3; round++) {
                for (int t = 0; t < 5; t++) {
                    writer.append(writer.filesFor("t" + t), 20261123, bytes(10, t), 0, 10, System.nanoTime());
                    writer.flushAll(System.nanoTime());
                }
            }
            assertEquals(2, stats.openFiles.get());
        }
        for (int t = 0; t < 5; t++) {
            assertEquals(30, Files.size(logPath.resolve("t" + t + ".20261123.bson")));
        }
    }
}
