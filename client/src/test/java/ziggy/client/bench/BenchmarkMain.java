package ziggy.client.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link EventBenchmark} with the GC profiler, for time and bytes allocated per event. */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include(EventBenchmark.class.getName() + "." + (args.length > 0 ? args[0] : ""))
                .addProfiler("gc")
                .build()).run();
    }
}
