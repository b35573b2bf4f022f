package ziggy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark of the module once, briefly and in this JVM, so that a change to the code
 * they measure cannot leave them broken. No figure is judged: the machine running CI is not the one
 * whose figures docs/performance.md records.
 */
class BenchmarksRunOnceTest {
    /** Every benchmark class of the module; a new one must be added here, so it is run too. */
    private static final Set<String> BENCHMARKS = Set.of(
            "ziggy.zmtp.FrameDecoderBenchmark.parseEvents",
            "ziggy.bench.CollectEndpointBenchmark.sendThroughEndpoint",
            "ziggy.bench.EventScanBenchmark.scanEvent",
            "ziggy.bench.DayFileAppendBenchmark.appendEvents",
            "ziggy.bench.QueueAppendBenchmark.appendABatch",
            "ziggy.bench.QueueRoundTripBenchmark.appendABatchThenReadAndAcknowledge",
            "ziggy.bench.QueueDrainBenchmark.readABatch",
            "ziggy.bench.BatchFramingBenchmark.encodeHeader",
            "ziggy.bench.BatchFramingBenchmark.decodeHeader",
            "ziggy.bench.ProcessorBenchmark.fieldLookup",
            "ziggy.bench.ProcessorBenchmark.driverFieldLookup",
            "ziggy.bench.ProcessorBenchmark.redactTenPercent");

    @TempDir
    Path benchDir;

    @Test
    void everyBenchmarkRunsAndMeasuresSomething() throws Exception {
        System.setProperty("ziggy.bench.dir", benchDir.toString());
        Options options = new OptionsBuilder()
                .include("ziggy\\.(bench|zmtp)\\..*Benchmark")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult result : results) {
            ran.add(result.getParams().getBenchmark());
            double score = result.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score),
                    result.getParams().getBenchmark() + " " + result.getParams() + " measured " + score);
        }
        assertEquals(new TreeSet<>(BENCHMARKS), ran);
        try (var left = java.nio.file.Files.list(benchDir)) {
            assertFalse(left.findAny().isPresent(), "benchmarks left files behind in " + benchDir);
        }
    }
}
