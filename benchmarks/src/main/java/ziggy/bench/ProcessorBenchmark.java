package ziggy.bench;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
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
import ziggy.processor.Event;
import ziggy.processor.FieldPath;
import ziggy.processor.ProcessorContext;
import ziggy.processors.ProcessorCatalog;
import ziggy.processors.ProcessorChain;
import ziggy.processors.ProcessorSpec;

/**
 * Nanoseconds per event for the processor chain's hot reads, on 1,024 request events of about 300
 * bytes laid end to end in a direct buffer (as the collect path holds them) or a heap one, one in
 * ten holding {@code body.password}:
 * <ul>
 * <li>{@code fieldLookup}: {@link Event#field(FieldPath)} of {@code body.response.status}, the raw walk;
 * <li>{@code driverFieldLookup}: the same value through {@link RawBsonDocument}'s lazy getters, for comparison;
 * <li>{@code redactTenPercent}: a chain of {@code redact:fields=body.password} over the stream: nine
 *     events in ten pass as the same bytes, one is decoded, changed and re-encoded.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ProcessorBenchmark {
    private static final int EVENTS = 1024;
    private static final FieldPath STATUS = FieldPath.of("body.response.status");

    @Param({"direct", "heap"})
    public String buffer;

    private final int[] offsets = new int[EVENTS];
    private final int[] lengths = new int[EVENTS];
    private ByteBuffer events;
    private final RawBsonDocument[] raw = new RawBsonDocument[EVENTS];
    private ProcessorChain redact;
    private long outBytes;
    private int next;

    @Setup
    public void setUp() {
        for (int i = 0; i < EVENTS; i++) {
            String password = i % 10 == 0 ? ", password: 'secret-" + i + "'" : "";
            BsonDocument event = BsonDocument.parse("{type: 'request', id: '" + String.format("%032x", i) + "', host: 'web-1',"
                    + " pid: 4242, start: 1763900000.25, end: 1763900000.5, body: {path: '/api/v1/orders/" + i + "',"
                    + " method: 'GET', user: 'user-" + (i % 97) + "'" + password + ", request_time: 0.0" + (i % 90 + 10) + ","
                    + " response: {bytes: " + (i * 31 % 5000) + ", status: " + (i % 20 == 0 ? 500 : 200) + "}}}");
            byte[] bytes = Event.encode(event);
            raw[i] = new RawBsonDocument(bytes);
            lengths[i] = bytes.length;
            offsets[i] = i == 0 ? 0 : offsets[i - 1] + lengths[i - 1];
        }
        int total = offsets[EVENTS - 1] + lengths[EVENTS - 1];
        events = buffer.equals("direct") ? ByteBuffer.allocateDirect(total) : ByteBuffer.allocate(total);
        for (int i = 0; i < EVENTS; i++) {
            events.put(offsets[i], raw[i].getByteBuffer().array(), 0, lengths[i]);
        }
        ProcessorContext context = new ProcessorContext(ZoneOffset.UTC, Clock.systemUTC(), "bench");
        redact = ProcessorChain.build(ProcessorSpec.parseList("redact:fields=body.password"), ProcessorCatalog.builtIn(), context,
                (buffer, offset, length) -> outBytes += length);
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (EVENTS - 1);
        return i;
    }

    @Benchmark
    public BsonValue fieldLookup() {
        int i = nextIndex();
        return Event.of(events, offsets[i], lengths[i]).field(STATUS);
    }

    @Benchmark
    public BsonValue driverFieldLookup() {
        return raw[nextIndex()].getDocument("body").getDocument("response").get("status");
    }

    @Benchmark
    public long redactTenPercent() {
        int i = nextIndex();
        redact.accept(events, offsets[i], lengths[i]);
        return outBytes;
    }
}
