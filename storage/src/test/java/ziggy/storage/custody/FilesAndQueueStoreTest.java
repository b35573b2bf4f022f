package ziggy.storage.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.protocol.file.BsonFileReader;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.dayfile.DayFileCounts;
import ziggy.storage.dayfile.DayFileWriter;
import ziggy.storage.dayfile.TypeFiles;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueCursor;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.TestEvents;

/**
 * Day files and a disk queue fed as one store: whatever a crash interrupts, the files and the queue come
 * back holding the same events, and the forwarder never reads what a restart would take back.
 */
class FilesAndQueueStoreTest {
    private static final QueueOptions QUEUE = QueueOptions.of(1L << 30, FullPolicy.parse("block"), FsyncPolicy.parse("never"));
    /** Small, so that appends reach the files between flushes, as a busy type's 64 KiB buffer does. */
    private static final int FILE_BUFFER_BYTES = 256;
    private static final long START_SECONDS = 1_763_800_000L;
    private static final EventDay DAYS = new EventDay(ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final List<Opened> opened = new ArrayList<>();
    /** The loop's clock: each {@link #flushTurn} moves it past the files' flush interval. */
    private long nanoTime;

    @AfterEach
    void closeQueues() throws IOException {
        for (Opened each : opened) {
            each.queue.close();
        }
    }

    @Test
    void aCrashAfterUncommittedEventsReachedTheFilesAndTheQueueLeavesBothWithTheCommittedOnes() throws IOException {
        Opened first = open();
        append(first, 0, 10);
        flushTurn(first);
        append(first, 10, 30);
        quietTurn(first);
        assertEquals(30, first.queue.stats().writtenSeq(), "the queue has written events 11..30");
        assertTrue(dayFileIds().size() > 10, "the files have some of them too: " + dayFileIds().size());
        crash(first);

        Opened second = open();
        assertEquals(ids(0, 10), dayFileIds(), "the files are cut back to the commit");
        assertEquals(ids(0, 10), queuedIds(second), "the queue throws away what the commit did not cover");
        assertEquals(11, second.queue.stats().nextSeq());
    }

    @Test
    void theForwarderReadsNoEventBeforeACommitCoversIt() throws IOException {
        Opened daemon = open();
        append(daemon, 0, 5);
        quietTurn(daemon);
        assertEquals(List.of(), queuedIds(daemon), "written, but not yet in the files' journal");

        flushTurn(daemon);
        assertEquals(ids(0, 5), queuedIds(daemon));
    }

    @Test
    void aCleanStopCommitsEverythingAndTheRestartKeepsIt() throws IOException {
        Opened first = open();
        append(first, 0, 7);
        assertEquals(7, first.store.close());
        first.queue.close();
        opened.remove(first);

        Opened second = open();
        assertEquals(ids(0, 7), dayFileIds());
        assertEquals(ids(0, 7), queuedIds(second));
        append(second, 7, 9);
        flushTurn(second);
        assertEquals(ids(0, 9), dayFileIds());
        assertEquals(ids(0, 9), queuedIds(second));
    }

    @Test
    void onTheFirstStartInThisRoleWhatTheQueueHeldAsAnAgentIsForwardedAndNotWritten() throws IOException {
        try (DiskQueue agentQueue = DiskQueue.open(dir.resolve("queue"), QUEUE)) {
            for (int i = 0; i < 3; i++) {
                ByteBuffer event = ByteBuffer.wrap(event(100 + i));
                agentQueue.append(event, 0, event.remaining());
            }
            agentQueue.sync();
        }

        Opened daemon = open();
        assertEquals(ids(100, 103), queuedIds(daemon), "the agent's events go on to the master");
        append(daemon, 0, 2);
        flushTurn(daemon);
        assertEquals(ids(0, 2), dayFileIds());
        assertEquals(List.of("e-100", "e-101", "e-102", "e-0", "e-1"), queuedIds(daemon));
    }

    @Test
    void marksArePersistedOnlyWhileTheFilesHoldEveryEventAppended() throws IOException {
        Opened first = open();
        append(first, 0, 4);
        assertFalse(first.store.persistMarks(Map.of("agent-a", 4L)), "the files' last lengths miss events 1..4");
        assertEquals(0, first.store.onTick(nanoTime), "nothing is durable before a commit covers it");

        flushTurn(first);
        assertTrue(first.store.persistMarks(Map.of("agent-a", 4L)));
        crash(first);

        Opened second = open();
        assertEquals(Map.of("agent-a", 4L), second.store.recoveredMarks(), "without the queue's own mark");
    }

    @Test
    void aForwardedEventIsDurableOnceCommittedAndWrittenToTheQueue() throws IOException {
        Opened daemon = open();
        append(daemon, 0, 3);
        assertEquals(3, flushTurn(daemon));
        append(daemon, 3, 4);
        assertEquals(3, quietTurn(daemon), "event 4 waits for the next commit");
    }

    /** The daemon's start: journal recovered (files cut back), writer, store, queue recovered to match. */
    private Opened open() throws IOException {
        Path logPath = dir.resolve("log");
        Files.createDirectories(logPath);
        CommitJournal journal = CommitJournal.recover(logPath);
        DayFileWriter writer = new DayFileWriter(logPath, journal, DayFileCounts.NONE, Duration.ofSeconds(60),
                FILE_BUFFER_BYTES, 16);
        DiskQueue queue = DiskQueue.open(dir.resolve("queue"), QUEUE);
        nanoTime = System.nanoTime();
        Opened daemon = new Opened(FilesAndQueueStore.recover(new DayFileStore(writer, journal, false), journal, queue),
                queue, writer.filesFor("request"));
        opened.add(daemon);
        return daemon;
    }

    /** A kill -9 keeps what reached the kernel: the queue's written records (closing it writes nothing more). */
    private void crash(Opened daemon) throws IOException {
        daemon.queue.close();
        opened.remove(daemon);
    }

    private void append(Opened daemon, int from, int to) {
        for (int i = from; i < to; i++) {
            ByteBuffer event = ByteBuffer.wrap(event(i));
            assertTrue(daemon.store.append(daemon.requests, DAYS.dayOf(START_SECONDS, 0), event, 0, event.remaining(), nanoTime) > 0);
        }
    }

    /** A loop turn past the flush interval: the files settle and a commit is made. */
    private long flushTurn(Opened daemon) {
        nanoTime += Duration.ofSeconds(1).toNanos();
        return daemon.store.onTick(nanoTime);
    }

    /** A loop turn within the flush interval: the queue writes, the files do not settle. */
    private long quietTurn(Opened daemon) {
        nanoTime += 1;
        long durable = daemon.store.onTick(nanoTime);
        assertTrue(durable != EventStore.LOST);
        return durable;
    }

    private static byte[] event(int n) {
        return TestEvents.bson("{type: 'request', id: 'e-" + n + "', start: " + START_SECONDS + ".5}");
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add("e-" + i);
        }
        return ids;
    }

    private List<String> dayFileIds() {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".bson")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                    for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                        assertTrue(item instanceof BsonFileReader.Document, file + ": " + item);
                        ids.add(new RawBsonDocument(((BsonFileReader.Document) item).bytes()).getString("id").getValue());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** Every id the queue's readers may see now, from its first seq. */
    private static List<String> queuedIds(Opened daemon) throws IOException {
        List<String> ids = new ArrayList<>();
        ByteBuffer batch = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (QueueCursor cursor = daemon.queue.cursor(1)) {
            for (int read = cursor.read(batch, 1000); read > 0; read = cursor.read(batch, 1000)) {
                batch.flip();
                while (batch.hasRemaining()) {
                    byte[] bytes = new byte[batch.getInt(batch.position())];
                    batch.get(bytes);
                    ids.add(new RawBsonDocument(bytes).getString("id").getValue());
                }
                batch.clear();
            }
        }
        return ids;
    }

    private record Opened(FilesAndQueueStore store, DiskQueue queue, TypeFiles requests) {
    }
}
