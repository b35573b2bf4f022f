package ziggy.client.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import ziggy.client.Context;
import ziggy.client.Ziggy;

/**
 * The application's cost of one event: open a context, set five fields, time a block, close it, which
 * encodes the BSON event on the calling thread. The recorder stands in for the queue, so the figure is the
 * calling thread's work alone (the queue hand-off is measured by {@link ThroughputMain}).
 */
@SuppressWarnings("try")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Forks differ more than iterations do (the JIT's choices differ from one JVM to the next: 700-890 ns
// a fork for the same build), so the figure is of five.
@Fork(5)
public class EventBenchmark {
    @Setup(Level.Trial)
    public void configure(Blackhole blackhole) {
        Ziggy.configure(blackhole::consume);
    }

    @TearDown(Level.Trial)
    public void close() {
        Ziggy.close();
    }

    @Benchmark
    public void contextWithFiveFieldsAndATimer() {
        BenchmarkEvent.closeOne();
    }

    @Benchmark
    public void unconfiguredContextIsANoOp() {
        Ziggy.close();
        try (Context request = Ziggy.context("request")) {
            request.set("method", "GET");
        }
    }
}
