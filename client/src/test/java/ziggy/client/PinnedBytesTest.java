package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import ziggy.client.bench.BenchmarkEvent;

/**
 * The benchmark's event (five fields, two nested, and a timer's seconds), pinned byte for byte: work on the
 * hot path must not change what goes on the wire. {@link EventEncoderTest} holds the encoder to the BSON
 * library; these bytes hold both to what the client wrote when they were taken (2026-12-06), and the second
 * test holds the context's path (open, set, timer, close) to the encoder's bytes for the same values.
 */
@SuppressWarnings("try")
class PinnedBytesTest {
    private static final String PINNED = ""
            + "0401000002696400210000003635363061316232633364346535663630373138"
            + "3239336134623563366437650002747970650008000000726571756573740002"
            + "686f7374000f000000686f73742d312e6578616d706c65001070696400921000"
            + "000173746172740000000040fc54d94101656e6400d7a30040fc54d94103626f"
            + "64790080000000026d6574686f640004000000474554000270617468000b0000"
            + "002f6f72646572732f34320002757365725f6167656e74000b0000006375726c"
            + "2f382e352e300003726573706f6e7365001b0000001073746174757300c80000"
            + "001073697a6500001400000001726571756573745f74696d650046d26ef4311f"
            + "203f0000";

    @RegisterExtension
    final RecordedEvents recorded = new RecordedEvents();
    private final List<BsonDocument> events = recorded.events;

    @Test
    void theBenchmarksEventIsTheBytesPinnedHere() {
        byte[] ours = new EventEncoder().encode(null, 0x6560_a1b2_c3d4_e5f6L, 0x0718_293a_4b5c_6d7eL, "request",
                "host-1.example", 4242, 1.7e9, 1.7e9 + 0.01, benchmarkBody(0.000123));
        assertEquals(PINNED, HexFormat.of().formatHex(ours));
    }

    @Test
    void aContextSendsTheBytesTheEncoderMakesOfItsValues() {
        try (Context request = Ziggy.context("request", "an-id")) {
            BenchmarkEvent.fill(request);
        }
        RawBsonDocument sent = (RawBsonDocument) events.get(0);
        ByteBuffer buffer = sent.getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        double seconds = sent.getDocument("body").getDouble("request_time").getValue();
        byte[] expected = new EventEncoder().encode("an-id", 0, 0, "request", HostIdentity.HOST, HostIdentity.PID,
                sent.getDouble("start").getValue(), sent.getDouble("end").getValue(), benchmarkBody(seconds));
        assertArrayEquals(expected, bytes);
    }

    private static Fields benchmarkBody(double requestTime) {
        Fields body = new Fields(Fields.BODY_KEYS);
        body.put("method", "GET");
        body.put("path", "/orders/42");
        body.put("user_agent", "curl/8.5.0");
        body.nested("response").put("status", 200);
        body.nested("response").put("size", 5120L);
        body.put("request_time", requestTime);
        return body;
    }
}
