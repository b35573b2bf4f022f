package ziggy.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueCursor;
import ziggy.storage.queue.QueueOptions;

/**
 * Events per second through the disk queue of an agent whose forwarder keeps up, under each
 * {@code --fsync} choice: a batch of {@value #BATCH} events of 250 bytes appended and ended, then
 * whatever the cursor may read by now read into a batch buffer (as the forwarder fills a batch
 * frame) and acknowledged. A cursor sees only what the fsync policy has made durable, so under
 * {@code interval:100} the reads trail the appends by up to 100 ms, as they do in the agent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class QueueRoundTripBenchmark {
    static final int BATCH = 100;
    static final int EVENT_BYTES = 250;

    @Param({"batch", "interval:100", "never"})
    public String fsync;

    private Path folder;
    private DiskQueue queue;
    private QueueCursor cursor;
    private final ByteBuffer event = ByteBuffer.allocateDirect(EVENT_BYTES);
    /** Room for what a 100 ms fsync interval may hold back at a few million events a second. */
    private final ByteBuffer batch = ByteBuffer.allocate(64 * 1024 * 1024);

    @Setup(Level.Trial)
    public void open() throws IOException {
        folder = BenchFolders.create("ziggy-queue-bench");
        queue = DiskQueue.open(folder, QueueOptions.of(1L << 30, FullPolicy.BLOCK, FsyncPolicy.parse(fsync)));
        cursor = queue.cursor(1);
        for (int i = 0; i < EVENT_BYTES; i++) {
            event.put(i, (byte) i);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        cursor.close();
        queue.close();
        BenchFolders.delete(folder);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int appendABatchThenReadAndAcknowledge() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            queue.append(event, 0, EVENT_BYTES);
        }
        queue.endBatch();
        batch.clear();
        int read = cursor.read(batch, Integer.MAX_VALUE);
        if (read > 0) {
            queue.ack(cursor.nextSeq() - 1);
        }
        return read;
    }
}
