package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ziggy.storage.io.FaultSweep;
import ziggy.storage.io.FaultyFileIo;

/**
 * Every write point of a queue's life (open, appends across segment rolls, fsyncs, acknowledgements,
 * close) fails once, in each way {@link FaultyFileIo} knows; then the folder is opened again with the real
 * file system and must hold every event the queue called durable, once each, in seq order, none it
 * rejected, no corrupt record, and hand out only new seqs.
 */
class QueueFaultSweepTest {
    private static final int BATCHES = 12;
    private static final int BATCH_EVENTS = 5;

    @TempDir
    Path root;

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(strings = {"batch", "never"})
    void everyWritePointFailedOnceLeavesAQueueThatHoldsWhatItCalledDurable(String fsync) throws Exception {
        QueueOptions options = new QueueOptions(1L << 30, FullPolicy.BLOCK, FsyncPolicy.parse(fsync), 4096, 1 << 20);
        FaultSweep.everyPoint(50, (run, io) -> runAndCheck(root.resolve(run), options, io));
    }

    private static void runAndCheck(Path folder, QueueOptions options, FaultyFileIo io) throws IOException {
        TreeMap<Long, Long> idBySeq = new TreeMap<>();
        Set<Long> rejected = new HashSet<>();
        long durable = 0;
        long acknowledged = 0;
        DiskQueue queue;
        try {
            queue = DiskQueue.open(folder, options, io);
        } catch (IOException e) {
            queue = null; // a clear failure to start; the folder must still open below
        }
        if (queue != null) {
            long id = 0;
            for (int batch = 0; batch < BATCHES; batch++) {
                for (int i = 0; i < BATCH_EVENTS; i++) {
                    id++;
                    long seq = TestEvents.append(queue, TestEvents.of(id));
                    if (seq == DiskQueue.REJECTED) {
                        rejected.add(id);
                    } else {
                        idBySeq.put(seq, id);
                    }
                }
                queue.endBatch();
                QueueStats stats = queue.stats();
                durable = Math.max(durable, options.fsync() instanceof FsyncPolicy.Never ? stats.writtenSeq() : stats.syncedSeq());
                if (batch % 3 == 2) {
                    acknowledged = durable / 2;
                    queue.ack(acknowledged);
                }
            }
            try {
                queue.close();
            } catch (IOException e) {
                // Reported to the caller; what it had not made durable is not counted as durable.
            }
        }
        try (DiskQueue reopened = DiskQueue.open(folder, options)) {
            QueueStats stats = reopened.stats();
            assertTrue(stats.acknowledgedSeq() <= acknowledged, "acknowledged " + stats.acknowledgedSeq() + " > " + acknowledged);
            assertEquals(0, stats.corrupt(), "corrupt records");
            List<TestEvents.Read> read = TestEvents.readAll(reopened, stats.acknowledgedSeq() + 1);
            long previous = stats.acknowledgedSeq();
            Set<Long> seen = new HashSet<>();
            for (TestEvents.Read event : read) {
                assertTrue(event.seq() > previous, "seq " + event.seq() + " after " + previous);
                previous = event.seq();
                Long id = idBySeq.get(event.seq());
                assertTrue(id != null, "seq " + event.seq() + " was never handed out");
                assertArrayEquals(TestEvents.of(id), event.event(), "the event of seq " + event.seq());
                assertFalse(rejected.contains(id), "rejected event " + id + " is in the queue");
                seen.add(event.seq());
            }
            for (long seq : idBySeq.subMap(stats.acknowledgedSeq(), false, durable, true).keySet()) {
                assertTrue(seen.contains(seq), "durable seq " + seq + " is gone");
            }
            if (!io.crashed()) {
                for (long seq : idBySeq.tailMap(stats.acknowledgedSeq(), false).keySet()) {
                    assertTrue(seen.contains(seq), "seq " + seq + " was taken and the queue closed cleanly, yet it is gone");
                }
            }
            long next = TestEvents.append(reopened, TestEvents.of(1_000_000));
            assertTrue(next > Math.max(previous, durable), "seq " + next + " handed out again");
        }
        assertTrue(Files.isDirectory(folder));
    }
}
