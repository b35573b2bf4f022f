package ziggy.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ziggy.protocol.batch.BatchHeader;

/**
 * Nanoseconds to encode and to decode the header frame of a forwarder's batch ({@link BatchHeader}):
 * paid once per batch by the agent and once per batch by the upstream, so it matters only when
 * batches are small.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BatchFramingBenchmark {
    private final BatchHeader header = new BatchHeader("9f0c3a51-agent-web-1", 123_456_789L, 512);
    private final byte[] encoded = header.encode();
    private long seq = 1;

    @Benchmark
    public byte[] encodeHeader() {
        seq += 512;
        return new BatchHeader(header.source(), seq, 512).encode();
    }

    @Benchmark
    public BatchHeader decodeHeader() {
        return BatchHeader.decode(encoded);
    }
}
