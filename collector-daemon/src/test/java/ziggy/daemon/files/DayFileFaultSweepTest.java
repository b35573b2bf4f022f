package ziggy.daemon.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import ziggy.daemon.collect.EventIntake;
import ziggy.daemon.collect.SourceMarks;
import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.file.BsonFileReader;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.io.FaultyFileIo;
import ziggy.storage.io.FaultyFileIo.Fault;
import ziggy.storage.io.FileIo;

/**
 * The master's day files and commit journal, failed at every write point: a forwarder's batches and a
 * plain client's events go through the real intake, each write point throws, writes short or crashes
 * once; then the master starts again on the real file system, the forwarder sends again from what the
 * master says it holds, and every batch event must be in the day files exactly once (nothing it
 * acknowledged lost, nothing written twice), every plain event at most once, and every file must decode.
 */
class DayFileFaultSweepTest {
    private static final String SOURCE = "agent-1";
    private static final int EVENTS = 40;
    private static final int BATCH = 4;
    private static final long TURN_NANOS = 250_000_000L;

    private static ZContext context;
    private static StreamPublisher stream;
    private static IntakeStats streamStats;

    @TempDir
    Path root;

    @BeforeAll
    static void openStream() {
        context = new ZContext(1);
        streamStats = new IntakeStats();
        stream = new StreamPublisher(context, "127.0.0.1", 1 << 16, streamStats, Thread::new);
    }

    @AfterAll
    static void closeStream() {
        stream.close();
        context.close();
    }

    @Test
    void everyWritePointFailedOnceStillEndsWithEachBatchEventOnceAndFilesThatDecode() throws IOException {
        FaultyFileIo counting = FaultyFileIo.counting();
        runAndCheck(root.resolve("dry"), counting);
        long points = counting.points();
        assertTrue(points > 20, "a life of " + points + " write points is too short to sweep");
        for (Fault fault : Fault.values()) {
            for (long point = 0; point < points; point++) {
                try {
                    runAndCheck(root.resolve(fault + "-" + point), FaultyFileIo.failing(fault, point));
                } catch (AssertionError | IOException | RuntimeException e) {
                    throw new AssertionError(fault + " at write point " + point + " of " + points + ": " + e, e);
                }
            }
        }
    }

    private static void runAndCheck(Path logPath, FaultyFileIo io) throws IOException {
        Files.createDirectories(logPath);
        long acknowledged = 0;
        Master first = new Master(logPath, io);
        long now = System.nanoTime();
        for (long seq = 1; seq <= EVENTS; seq += BATCH) {
            first.batch(seq, BATCH);
            first.single("plain-" + seq);
            now += TURN_NANOS;
            first.intake.onLoopTurn(now);
            if (!io.crashed()) {
                acknowledged = Math.max(acknowledged, first.marks.committed(SOURCE));
            }
        }
        if (!io.crashed()) {
            first.intake.close();
            acknowledged = Math.max(acknowledged, first.marks.committed(SOURCE));
        } else {
            first.abandon();
        }

        Master second = new Master(logPath, FileIo.SYSTEM);
        long committed = second.marks.committed(SOURCE);
        assertTrue(committed >= acknowledged, "acknowledged " + acknowledged + ", recovered " + committed);
        // The forwarder holds everything past what the master acknowledged to it, and sends again from there.
        long resendFrom = Math.max(acknowledged, committed) + 1;
        for (long seq = resendFrom; seq <= EVENTS; seq += BATCH) {
            second.batch(seq, (int) Math.min(BATCH, EVENTS - seq + 1));
            now += TURN_NANOS;
            second.intake.onLoopTurn(now);
        }
        second.intake.close();

        Map<String, Integer> copies = copiesOfEachId(logPath);
        for (long seq = 1; seq <= EVENTS; seq++) {
            assertEquals(1, copies.getOrDefault("batch-" + seq, 0), "copies of batch event " + seq + " in " + copies);
        }
        copies.forEach((id, count) -> assertTrue(count == 1, count + " copies of " + id));
    }

    /** Every id in the day files, with how often it occurs; fails on any damage or unfinished tail. */
    private static Map<String, Integer> copiesOfEachId(Path logPath) throws IOException {
        Map<String, Integer> copies = new HashMap<>();
        List<Path> dayFiles;
        try (Stream<Path> files = Files.list(logPath)) {
            dayFiles = files.filter(path -> path.getFileName().toString().endsWith(".bson")).toList();
        }
        for (Path file : dayFiles) {
            try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                    assertTrue(item instanceof BsonFileReader.Document, file + ": " + item);
                    String id = new RawBsonDocument(((BsonFileReader.Document) item).bytes()).getString("id").getValue();
                    copies.merge(id, 1, Integer::sum);
                }
            }
        }
        return copies;
    }

    /** A master's store and intake over {@code logPath}, recovered from its journal as a start does. */
    private static final class Master {
        final IntakeStats stats = new IntakeStats();
        final SourceMarks marks;
        final EventIntake<TypeFiles> intake;
        private final DayFileWriter writer;

        Master(Path logPath, FileIo io) {
            CommitJournal journal = CommitJournal.recover(io, logPath);
            marks = new SourceMarks(journal.recoveredMarks(), EventIntake.MAX_SOURCES);
            writer = new DayFileWriter(logPath, journal, stats, Duration.ofSeconds(60), 512, 16, WriteObserver.NONE, io);
            intake = new EventIntake<>(new EventDay(ZoneOffset.UTC), new DayFileStore(writer, journal, true), stream, stats,
                    marks, EventIntake.MAX_TYPES);
        }

        void batch(long firstSeq, int count) {
            byte[] header = new BatchHeader(SOURCE, firstSeq, count).encode();
            List<byte[]> events = new ArrayList<>();
            int length = 0;
            for (int i = 0; i < count; i++) {
                byte[] event = event("batch-" + (firstSeq + i), firstSeq + i);
                events.add(event);
                length += event.length;
            }
            ByteBuffer frames = ByteBuffer.allocate(header.length + length);
            frames.put(header);
            events.forEach(frames::put);
            intake.onMultipartMessage(frames, new int[] {0, header.length}, new int[] {header.length, length}, 2);
        }

        void single(String id) {
            byte[] event = event(id, 0);
            intake.onMessage(ByteBuffer.wrap(event), 0, event.length);
        }

        /** A crashed process closes nothing; its channels go as the OS would take them. */
        void abandon() {
            writer.close();
        }

        private static byte[] event(String id, long n) {
            return ControlReplies.encode(new BsonDocument("type", new BsonString("t" + (n % 3)))
                    .append("id", new BsonString(id)).append("start", new BsonDouble(1_764_633_600))
                    .append("n", new BsonInt64(n)).append("pad", new BsonString("x".repeat(40))));
        }
    }
}
