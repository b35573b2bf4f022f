package ziggy.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 * Events per second a cursor reads from a queue backlog ({@value #BACKLOG} events of 250 bytes, in
 * the page cache after the first pass), {@value #BATCH} at a time into a batch buffer: the read side
 * of an agent draining its backlog, without the network. At the end of the backlog it starts over.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class QueueDrainBenchmark {
    static final int BACKLOG = 200_000;
    static final int BATCH = 500;
    static final int EVENT_BYTES = 250;

    private Path folder;
    private DiskQueue queue;
    private QueueCursor cursor;
    private final ByteBuffer batch = ByteBuffer.allocate(BATCH * EVENT_BYTES);

    @Setup
    public void fill() throws IOException {
        folder = BenchFolders.create("ziggy-queue-bench");
        queue = DiskQueue.open(folder, QueueOptions.of(1L << 30, FullPolicy.BLOCK, FsyncPolicy.parse("never")));
        ByteBuffer event = ByteBuffer.allocateDirect(EVENT_BYTES);
        for (int i = 0; i < BACKLOG; i++) {
            event.put(0, (byte) i);
            queue.append(event, 0, EVENT_BYTES);
        }
        queue.endBatch();
        queue.sync();
        cursor = queue.cursor(1);
    }

    @TearDown
    public void close() throws IOException {
        cursor.close();
        queue.close();
        BenchFolders.delete(folder);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int readABatch() throws IOException {
        batch.clear();
        int read = cursor.read(batch, BATCH);
        if (read < BATCH) {
            cursor.seek(1);
            read += cursor.read(batch, BATCH - read);
        }
        return read;
    }
}
