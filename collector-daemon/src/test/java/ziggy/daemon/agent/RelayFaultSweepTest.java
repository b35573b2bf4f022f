package ziggy.daemon.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.collect.CrashAndResend;
import ziggy.daemon.collect.EventIntake;
import ziggy.daemon.collect.IntakeFeed;
import ziggy.daemon.collect.TypeLimits;
import ziggy.daemon.stats.IntakeStats;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.QueueStore;
import ziggy.storage.custody.RelayJournal;
import ziggy.storage.custody.SourceMarks;
import ziggy.storage.io.FaultSweep;
import ziggy.storage.io.FileIo;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueCursor;
import ziggy.storage.queue.QueueOptions;

/**
 * A relay's queue and journal, failed at every write point (open, appends, fsyncs, journal writes):
 * after the restart and the agent's resend, what the relay's forwarder may read holds every batch
 * event exactly once and every plain event at most once, with no corrupt record.
 */
class RelayFaultSweepTest {
    private static final QueueOptions OPTIONS = new QueueOptions(1L << 30, FullPolicy.BLOCK, FsyncPolicy.parse("batch"),
            4096, 1 << 20);

    @RegisterExtension
    static final CrashAndResend.SharedStream stream = new CrashAndResend.SharedStream();

    @TempDir
    Path root;

    @Test
    void everyWritePointFailedOnceLeavesTheForwarderEachBatchEventOnce() throws Exception {
        FaultSweep.everyPoint(20, (run, io) -> {
            Path folder = root.resolve(run);
            Relay[] last = new Relay[1];
            CrashAndResend.check(io, fileIo -> last[0] = Relay.start(folder, fileIo), () -> last[0].readableCopies());
        });
    }

    /** A relay's store and intake over the queue in {@code folder}, recovered from its journal as a start does. */
    private record Relay(DiskQueue queue, SourceMarks marks, EventIntake<Void> intake) implements CrashAndResend.Life {
        static Relay start(Path folder, FileIo io) throws IOException {
            DiskQueue queue = DiskQueue.open(folder, OPTIONS, io);
            RelayJournal journal = RelayJournal.recover(io, queue);
            SourceMarks marks = new SourceMarks(journal.recoveredMarks(), EventIntake.MAX_SOURCES);
            IntakeStats stats = new IntakeStats();
            return new Relay(queue, marks, new EventIntake<>(new EventDay(ZoneOffset.UTC),
                    new QueueStore(queue, journal), stream.publisher(), stats, marks, TypeLimits.of(EventIntake.MAX_TYPES)));
        }

        /** Every id the relay's forwarder may read, with how often it occurs. */
        Map<String, Integer> readableCopies() throws IOException {
            assertEquals(0, queue.stats().corrupt(), "corrupt records");
            Map<String, Integer> copies = new HashMap<>();
            ByteBuffer events = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            try (QueueCursor cursor = queue.cursor(1)) {
                for (int n = cursor.read(events, 1000); n > 0; n = cursor.read(events.clear(), 1000)) {
                    events.flip();
                    for (int i = 0; i < n; i++) {
                        byte[] event = new byte[events.getInt(events.position())];
                        events.get(event);
                        copies.merge(IntakeFeed.idOf(event), 1, Integer::sum);
                    }
                }
            }
            return copies;
        }

        @Override
        public void release() {
            try {
                queue.close();
            } catch (IOException e) {
                // A crashed life cannot write its last state; the next start recovers without it.
            }
        }
    }
}
