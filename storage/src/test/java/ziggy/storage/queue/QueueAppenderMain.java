package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A child process for kill -9 tests: appends {@link TestEvents} with ids 0, 1, 2, … in batches of 100
 * for ever, and after each batch prints {@code durable <seq>}: the highest seq the queue says a kill -9
 * cannot take (fsynced under {@code batch}, written to the OS otherwise).
 * Arguments: the queue folder, the fsync policy.
 */
public final class QueueAppenderMain {
    private QueueAppenderMain() {
    }

    public static void main(String[] args) throws IOException {
        FsyncPolicy fsync = FsyncPolicy.parse(args[1]);
        QueueOptions options = QueueOptions.of(1L << 30, FullPolicy.BLOCK, fsync).withSegmentBytes(1 << 20);
        DiskQueue queue = DiskQueue.open(Path.of(args[0]), options);
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        for (long id = 0; ; ) {
            for (int i = 0; i < 100; i++, id++) {
                byte[] event = TestEvents.of(id);
                buffer.clear().put(event);
                if (queue.append(buffer, 0, event.length) != id + 1) {
                    throw new IllegalStateException("event " + id + " did not get seq " + (id + 1));
                }
            }
            queue.endBatch();
            QueueStats stats = queue.stats();
            long durable = fsync instanceof FsyncPolicy.Batch ? stats.syncedSeq() : stats.writtenSeq();
            System.out.println("durable " + durable);
            System.out.flush();
        }
    }
}
