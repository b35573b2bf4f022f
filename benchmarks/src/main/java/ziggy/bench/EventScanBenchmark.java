package ziggy.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ziggy.bench.load.EventTemplates;
import ziggy.bench.load.TypeMix;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.ScannedEvent;

/**
 * Nanoseconds to check one event and find its top-level fields ({@link EventScanner#scan}), on the
 * bytes where they landed in a direct receive buffer, as the collect thread does for every event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class EventScanBenchmark {
    @Param({"250", "2000"})
    public int eventBytes;

    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent event = new ScannedEvent();
    private ByteBuffer buffer;

    @Setup
    public void setUp() {
        EventTemplates templates = EventTemplates.of(TypeMix.parse("request"), eventBytes, "web-1");
        buffer = EventTemplates.littleEndian(ByteBuffer.allocateDirect(eventBytes));
        templates.put(buffer, 1, 0, 0, 1_763_900_000.0);
        if (!scanner.scan(buffer, 0, eventBytes, event)) {
            throw new IllegalStateException("the benchmark's event is refused: " + event.reason());
        }
    }

    @Benchmark
    public double scanEvent() {
        scanner.scan(buffer, 0, eventBytes, event);
        return event.end();
    }
}
