package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.storage.io.FileIo;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;

/** A relay's journal over a real disk queue: what a commit covered survives, what came after it goes, damage is set aside. */
class RelayJournalTest {
    private static final QueueOptions OPTIONS = QueueOptions.of(1L << 30, FullPolicy.parse("block"), FsyncPolicy.parse("never"));

    @TempDir
    Path folder;

    @Test
    void aQueueWithoutAJournalHasNoMarksAndItsReadersAreNotHeld() throws IOException {
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            RelayJournal journal = RelayJournal.recover(FileIo.SYSTEM, queue);
            assertEquals(Map.of(), journal.recoveredMarks());
            assertFalse(journal.holdsReaders());
        }
    }

    @Test
    void whatACommitCoveredIsRecoveredAndEventsAfterItAreThrownAwayAtTheRestart() throws IOException {
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            RelayJournal journal = RelayJournal.recover(FileIo.SYSTEM, queue);
            append(queue, 5);
            assertTrue(journal.beforeBatchEvents(5));
            append(queue, 5);
            assertTrue(journal.commit(8, Map.of("agent-a", 42L)));
            queue.sync();
        }
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            RelayJournal journal = RelayJournal.recover(FileIo.SYSTEM, queue);
            assertEquals(Map.of("agent-a", 42L), journal.recoveredMarks());
            assertEquals(8, journal.through());
            assertTrue(journal.holdsReaders());
            assertEquals(9, queue.stats().nextSeq(), "events 9 and 10, which no commit covered, are gone");
        }
    }

    @Test
    void aJournalThatIsNotBsonIsMovedAsideAndTheRelayStartsWithNoMarks() throws IOException {
        Files.write(folder.resolve(RelayJournal.FILE_NAME), "not a journal".getBytes());
        assertSetAsideOnRecovery();
    }

    @Test
    void aTornJournalIsMovedAsideAndTheRelayStartsWithNoMarks() throws IOException {
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            RelayJournal journal = RelayJournal.recover(FileIo.SYSTEM, queue);
            append(queue, 3);
            assertTrue(journal.commit(3, Map.of("agent-a", 7L, "agent-b", 9L)));
        }
        Path file = folder.resolve(RelayJournal.FILE_NAME);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertSetAsideOnRecovery();
    }

    @Test
    void aJournalWithOneByteChangedFailsItsCrcAndIsMovedAside() throws IOException {
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            RelayJournal journal = RelayJournal.recover(FileIo.SYSTEM, queue);
            append(queue, 3);
            assertTrue(journal.commit(3, Map.of("agent-a", 7L)));
        }
        Path file = folder.resolve(RelayJournal.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x01; // inside agent-a's seq: a valid BSON body, a wrong mark
        Files.write(file, bytes);
        assertSetAsideOnRecovery();
    }

    private void assertSetAsideOnRecovery() throws IOException {
        try (DiskQueue queue = DiskQueue.open(folder, OPTIONS)) {
            RelayJournal journal = RelayJournal.recover(FileIo.SYSTEM, queue);
            assertEquals(Map.of(), journal.recoveredMarks());
            assertFalse(journal.holdsReaders());
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(path -> path.getFileName().toString()).toList();
            assertFalse(names.contains(RelayJournal.FILE_NAME), names.toString());
            assertTrue(names.stream().anyMatch(name -> name.startsWith(RelayJournal.FILE_NAME + ".unreadable-")),
                    "kept for a person to look at: " + names);
        }
    }

    private static void append(DiskQueue queue, int events) {
        ByteBuffer event = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        for (int i = 0; i < events; i++) {
            assertTrue(queue.append(event, 0, 8) > 0);
        }
        queue.endBatch();
    }
}
