package ziggy.client;

import java.util.concurrent.TimeUnit;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why the client encodes BSON by hand: the benchmark's event (five fields, two nested, and a timer's
 * seconds) turned into bytes by {@link EventEncoder}, and by the BSON library's {@code DocumentCodec} from
 * the same values. Run by hand ({@code org.openjdk.jmh.Main EncoderBenchmark -prof gc}); figures in
 * docs/client.md. {@link EventEncoderTest} holds the two to the same bytes.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(3)
public class EncoderBenchmark {
    private static final String HOST = HostIdentity.HOST;
    private static final int PID = HostIdentity.PID;
    private static final String ID = "6560a1b2c3d4e5f60718293a4b5c6d7e";
    private final EventEncoder encoder = new EventEncoder();
    private final DocumentCodec codec = new DocumentCodec();
    private final Fields body = new Fields(Fields.BODY_KEYS);

    public EncoderBenchmark() {
        body.put("method", "GET");
        body.put("path", "/orders/42");
        body.put("user_agent", "curl/8.5.0");
        body.nested("response").put("status", 200);
        body.nested("response").put("size", 5120L);
        body.put("request_time", 0.000123);
    }

    @Benchmark
    public byte[] ours() {
        return encoder.encode(null, 0x6560_a1b2_c3d4_e5f6L, 0x0718_293a_4b5c_6d7eL, "request", HOST, PID,
                1.7e9, 1.7e9 + 0.01, body);
    }

    @Benchmark
    public byte[] bsonLibrary() {
        Document event = new Document("id", ID).append("type", "request").append("host", HOST)
                .append("pid", PID).append("start", 1.7e9).append("end", 1.7e9 + 0.01)
                .append("body", new Document("method", "GET").append("path", "/orders/42")
                        .append("user_agent", "curl/8.5.0")
                        .append("response", new Document("status", 200).append("size", 5120))
                        .append("request_time", 0.000123));
        BasicOutputBuffer out = new BasicOutputBuffer(256);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(out)) {
            codec.encode(writer, event, EncoderContext.builder().build());
        }
        return out.toByteArray();
    }
}
