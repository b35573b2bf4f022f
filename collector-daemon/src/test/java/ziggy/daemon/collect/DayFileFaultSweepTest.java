package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.stats.IntakeStats;
import ziggy.protocol.file.BsonFileReader;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.CommitJournal;
import ziggy.storage.custody.DayFileStore;
import ziggy.storage.custody.SourceMarks;
import ziggy.storage.dayfile.DayFileWriter;
import ziggy.storage.dayfile.TypeFiles;
import ziggy.storage.dayfile.WriteObserver;
import ziggy.storage.io.FaultSweep;
import ziggy.storage.io.FileIo;

/**
 * The master's day files and commit journal, failed at every write point: a forwarder's batches and a
 * plain client's events go through the real intake, each write point throws, writes short or crashes
 * once; then the master starts again on the real file system, the forwarder sends again from what the
 * master says it holds, and every batch event must be in the day files exactly once (nothing it
 * acknowledged lost, nothing written twice), every plain event at most once, and every file must decode.
 */
class DayFileFaultSweepTest {
    @RegisterExtension
    static final CrashAndResend.SharedStream stream = new CrashAndResend.SharedStream();

    @TempDir
    Path root;

    @Test
    void everyWritePointFailedOnceStillEndsWithEachBatchEventOnceAndFilesThatDecode() throws Exception {
        FaultSweep.everyPoint(20, (run, io) -> {
            Path logPath = Files.createDirectories(root.resolve(run));
            CrashAndResend.check(io, fileIo -> Master.start(logPath, fileIo), () -> copiesOfEachId(logPath));
        });
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
                    String id = IntakeFeed.idOf(((BsonFileReader.Document) item).bytes());
                    copies.merge(id, 1, Integer::sum);
                }
            }
        }
        return copies;
    }

    /** A master's store and intake over {@code logPath}, recovered from its journal as a start does. */
    private record Master(SourceMarks marks, EventIntake<TypeFiles> intake, DayFileWriter writer) implements CrashAndResend.Life {
        static Master start(Path logPath, FileIo io) {
            CommitJournal journal = CommitJournal.recover(io, logPath);
            SourceMarks marks = new SourceMarks(journal.recoveredMarks(), EventIntake.MAX_SOURCES);
            IntakeStats stats = new IntakeStats();
            DayFileWriter writer = new DayFileWriter(logPath, journal, stats.dayFileCounts(), Duration.ofSeconds(60), 512, 16,
                    WriteObserver.NONE, io);
            return new Master(marks, new EventIntake<>(new EventDay(ZoneOffset.UTC), new DayFileStore(writer, journal, true),
                    stream.publisher(), stats, marks, TypeLimits.of(EventIntake.MAX_TYPES)), writer);
        }

        @Override
        public void release() {
            writer.close();
        }
    }
}
