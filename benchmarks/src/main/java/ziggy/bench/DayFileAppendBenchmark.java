package ziggy.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ziggy.bench.load.EventTemplates;
import ziggy.bench.load.TypeMix;
import ziggy.daemon.stats.IntakeStats;
import ziggy.storage.custody.CommitJournal;
import ziggy.storage.dayfile.DayFileWriter;
import ziggy.storage.dayfile.TypeFiles;

/**
 * Events per second that {@link DayFileWriter} appends to day files of four types, 250 bytes each,
 * with a loop turn ({@link DayFileWriter#onTick}) after every {@value #EVENTS} events as the collect
 * loop does after each read: the copy into the file buffers plus the writes when they fill or are
 * due. Files are written to the page cache (no fsync), under {@code -Dziggy.bench.dir}, and deleted
 * after each iteration so the disk use stays bounded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DayFileAppendBenchmark {
    static final int EVENTS = 1000;
    static final int EVENT_BYTES = 250;
    private static final String[] TYPES = {"request", "request.sql", "job", "cache.get"};
    private static final int DAY = 20261123;

    private Path folder;
    private DayFileWriter writer;
    private final TypeFiles[] types = new TypeFiles[TYPES.length];
    private ByteBuffer events;

    @Setup(Level.Trial)
    public void makeEvents() {
        EventTemplates templates = EventTemplates.of(TypeMix.parse(String.join(",", TYPES)), EVENT_BYTES, "web-1");
        events = EventTemplates.littleEndian(ByteBuffer.allocateDirect(EVENTS * EVENT_BYTES));
        for (int i = 0; i < EVENTS; i++) {
            templates.put(events, 1, 0, i, 1_763_900_000.0 + i);
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        folder = BenchFolders.create("ziggy-dayfile-bench");
        writer = new DayFileWriter(folder, CommitJournal.recover(folder), new IntakeStats().dayFileCounts(), Duration.ofSeconds(60), 256 * 1024, 64);
        for (int i = 0; i < TYPES.length; i++) {
            types[i] = writer.filesFor(TYPES[i]);
        }
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        writer.close();
        BenchFolders.delete(folder);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void appendEvents() {
        long now = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            writer.append(types[i & 3], DAY, events, i * EVENT_BYTES, EVENT_BYTES, now);
        }
        writer.onTick(now);
    }
}
