package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's commit journal on real files: a dirty journal cuts day files back to their committed
 * lengths, a clean one leaves them, damage is set aside, and a name outside the log folder is never cut.
 */
class CommitJournalTest {
    private static final String DAY_FILE = "request.20261202.bson";

    @TempDir
    Path logPath;

    @Test
    void aDirtyJournalCutsEachDayFileBackToItsCommittedLengthAndKeepsTheMarks() throws IOException {
        Files.write(logPath.resolve(DAY_FILE), new byte[100]);
        CommitJournal journal = CommitJournal.recover(logPath);
        assertTrue(journal.commit(Map.of(DAY_FILE, 100L), Map.of("agent-a", 42L)));
        assertTrue(journal.markDirty());
        Files.write(logPath.resolve(DAY_FILE), new byte[60], StandardOpenOption.APPEND);

        CommitJournal recovered = CommitJournal.recover(logPath);

        assertEquals(100, Files.size(logPath.resolve(DAY_FILE)), "the 60 bytes written after the commit are cut");
        assertEquals(Map.of("agent-a", 42L), recovered.recoveredMarks());
    }

    @Test
    void aCleanJournalLeavesWhatWasWrittenAfterItsCommit() throws IOException {
        Files.write(logPath.resolve(DAY_FILE), new byte[100]);
        assertTrue(CommitJournal.recover(logPath).commit(Map.of(DAY_FILE, 100L), Map.of("agent-a", 42L)));
        Files.write(logPath.resolve(DAY_FILE), new byte[60], StandardOpenOption.APPEND);

        CommitJournal.recover(logPath);

        assertEquals(160, Files.size(logPath.resolve(DAY_FILE)), "single-frame events after a clean commit stay");
    }

    @Test
    void aTornJournalIsMovedAsideAndTheMasterStartsWithNoMarksCuttingNothing() throws IOException {
        Files.write(logPath.resolve(DAY_FILE), new byte[100]);
        CommitJournal journal = CommitJournal.recover(logPath);
        assertTrue(journal.commit(Map.of(DAY_FILE, 10L), Map.of("agent-a", 42L)));
        assertTrue(journal.markDirty());
        Path file = logPath.resolve(CommitJournal.FILE_NAME);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 7));

        CommitJournal recovered = CommitJournal.recover(logPath);

        assertEquals(Map.of(), recovered.recoveredMarks());
        assertEquals(100, Files.size(logPath.resolve(DAY_FILE)), "a journal that cannot be read cuts nothing");
        try (Stream<Path> files = Files.list(logPath.resolve(".ziggyd"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("commit-journal.unreadable-")),
                    "kept for a person to look at");
        }
    }

    @Test
    void aJournalFailingItsCrcIsMovedAsideAndCutsNothing() throws IOException {
        Files.write(logPath.resolve(DAY_FILE), new byte[100]);
        CommitJournal journal = CommitJournal.recover(logPath);
        assertTrue(journal.commit(Map.of(DAY_FILE, 10L), Map.of("agent-a", 42L)));
        assertTrue(journal.markDirty());
        Path file = logPath.resolve(CommitJournal.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x01; // the body's last byte before its terminator: still BSON, not what was written
        Files.write(file, bytes);

        CommitJournal recovered = CommitJournal.recover(logPath);

        assertEquals(Map.of(), recovered.recoveredMarks());
        assertEquals(100, Files.size(logPath.resolve(DAY_FILE)), "a journal that fails its CRC cuts nothing");
        assertTrue(Files.exists(logPath.resolve(".ziggyd")), "the journal lives in the dot-folder");
    }

    @Test
    void theJournalLivesInADotFolderThatNoDayFileListingShows() throws IOException {
        assertTrue(CommitJournal.recover(logPath).commit(Map.of(), Map.of("agent-a", 1L)));
        assertTrue(Files.isRegularFile(logPath.resolve(".ziggyd").resolve("commit-journal")));
        try (Stream<Path> files = Files.list(logPath)) {
            assertEquals(List.of(".ziggyd"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void aDirtyJournalNamingAFileOutsideTheLogFolderCutsNothingThere(@TempDir Path elsewhere) throws IOException {
        Path victim = elsewhere.resolve("precious.bson");
        Files.write(victim, new byte[100]);
        String outside = logPath.relativize(victim).toString();
        CommitJournal journal = CommitJournal.recover(logPath);
        assertTrue(journal.commit(Map.of(outside, 0L), Map.of()));
        assertTrue(journal.markDirty());

        CommitJournal.recover(logPath);

        assertEquals(100, Files.size(victim), "only files of the log folder are ever cut");
    }
}
