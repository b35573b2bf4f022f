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
import ziggy.storage.queue.QueueOptions;

/**
 * Events per second that {@link DiskQueue#append} takes under each {@code --fsync} choice, as the collect
 * loop uses it: batches of {@value #BATCH} events of 250 bytes, each batch ended with
 * {@link DiskQueue#endBatch()}, and everything acknowledged as it is appended (so that old segments are
 * deleted and the disk use stays bounded, as with a forwarder keeping up). The queue folder is under
 * {@code -Dziggy.bench.dir} (default the temp folder); run it on the disk the queue will use.
 * The command is in {@code docs/performance.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class QueueAppendBenchmark {
    static final int BATCH = 100;
    static final int EVENT_BYTES = 250;

    @Param({"batch", "interval:100", "never"})
    public String fsync;

    private Path folder;
    private DiskQueue queue;
    private final ByteBuffer event = ByteBuffer.allocateDirect(EVENT_BYTES);

    @Setup(Level.Trial)
    public void open() throws IOException {
        folder = BenchFolders.create("ziggy-queue-bench");
        queue = DiskQueue.open(folder, QueueOptions.of(1L << 30, FullPolicy.BLOCK, FsyncPolicy.parse(fsync)));
        for (int i = 0; i < EVENT_BYTES; i++) {
            event.put(i, (byte) i);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        queue.close();
        BenchFolders.delete(folder);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendABatch() {
        long seq = 0;
        for (int i = 0; i < BATCH; i++) {
            seq = queue.append(event, 0, EVENT_BYTES);
        }
        queue.endBatch();
        queue.ack(seq);
        return seq;
    }
}
