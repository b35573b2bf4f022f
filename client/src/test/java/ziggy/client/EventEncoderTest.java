package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

/**
 * Our encoder, written by hand for speed, held to the BSON library's: for the same event, the same bytes.
 * {@link BodyValuesTest} covers what each Java type becomes; this covers the writing itself (lengths, UTF-8,
 * kept keys, generated ids, growth of the scratch buffer) over many random events.
 */
class EventEncoderTest {
    private static final String HOST = "host-1.example";
    private static final int PID = 4242;

    private final EventEncoder encoder = new EventEncoder();

    @Test
    void aFixedEventIsByteForByteWhatTheLibraryWrites() {
        Fields body = new Fields(Fields.BODY_KEYS);
        body.put("method", "GET");
        body.put("path", "/caf\u00e9/\u20ac/\uD83D\uDE00");
        body.put("status", 200);
        body.put("bytes", 5_000_000_000L);
        body.put("ok", true);
        body.put("nothing", null);
        body.nested("response").put("time", 0.25);
        body.put("tags", List.of("a", "b"));
        BsonDocument expected = new BsonDocument()
                .append("method", new BsonString("GET"))
                .append("path", new BsonString("/caf\u00e9/\u20ac/\uD83D\uDE00"))
                .append("status", new BsonInt32(200))
                .append("bytes", new BsonInt64(5_000_000_000L))
                .append("ok", BsonBoolean.TRUE)
                .append("nothing", BsonNull.VALUE)
                .append("response", new BsonDocument("time", new BsonDouble(0.25)))
                .append("tags", new BsonArray(List.of(new BsonString("a"), new BsonString("b"))));
        byte[] ours = encoder.encode("an-id", 0, 0, "request", HOST, PID, 1.5, 2.5, body);
        assertArrayEquals(libraryBytes(event(new BsonString("an-id"), "request", 1.5, 2.5, expected)), ours);
    }

    @Test
    void aGeneratedIdIsWrittenAsItsThirtyTwoHexDigits() {
        long high = 0x6560_0000_89AB_CDEFL;
        long low = 0x0123_4567_FEDC_BA98L;
        byte[] ours = encoder.encode(null, high, low, "request", HOST, PID, 1.5, 2.5, new Fields(0));
        String hex = HexFormat.of().formatHex(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
        assertEquals(hex, new RawBsonDocument(ours).getString("id").getValue());
        assertArrayEquals(libraryBytes(event(new BsonString(hex), "request", 1.5, 2.5, new BsonDocument())), ours);
    }

    @Test
    void thousandsOfRandomEventsAreByteForByteWhatTheLibraryWrites() {
        SplittableRandom random = new SplittableRandom(20261124);
        // Keys are met again as the same objects (as literals are), so the encoder's kept keys are exercised,
        // alongside keys made afresh and keys too long to keep.
        List<String> keyPool = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keyPool.add(randomText(random, 1 + random.nextInt(i % 10 == 0 ? 90 : 12), false));
        }
        for (int event = 0; event < 3_000; event++) {
            Fields body = new Fields(Fields.BODY_KEYS);
            BsonDocument expected = new BsonDocument();
            fill(random, keyPool, body, expected, 0);
            String type = "type" + random.nextInt(20);
            double start = random.nextDouble() * 2e9;
            byte[] ours = encoder.encode(null, random.nextLong(), random.nextLong(), type, HOST, PID, start,
                    start + 1, body);
            BsonValue id = new RawBsonDocument(ours).get("id");
            assertArrayEquals(libraryBytes(event(id, type, start, start + 1, expected)), ours, "event " + event);
        }
    }

    private static void fill(SplittableRandom random, List<String> keyPool, Fields body, BsonDocument expected,
            int depth) {
        int keys = random.nextInt(12);
        for (int k = 0; k < keys; k++) {
            String key = random.nextInt(4) == 0 ? randomText(random, 1 + random.nextInt(20), false)
                    : keyPool.get(random.nextInt(keyPool.size()));
            if (expected.containsKey(key)) {
                continue;
            }
            int kind = random.nextInt(depth < 3 ? 9 : 7);
            switch (kind) {
                case 0 -> {
                    // Mostly short ASCII, sometimes any Unicode, now and then long enough to grow the buffer.
                    String text = random.nextInt(50) == 0 ? randomText(random, 20_000 + random.nextInt(80_000), true)
                            : randomText(random, random.nextInt(40), random.nextInt(3) == 0);
                    body.put(key, text);
                    expected.append(key, new BsonString(text));
                }
                case 1 -> {
                    int n = random.nextInt();
                    body.put(key, n);
                    expected.append(key, new BsonInt32(n));
                }
                case 2 -> {
                    long n = random.nextInt(2) == 0 ? random.nextLong() : random.nextInt();
                    body.put(key, n);
                    expected.append(key, n == (int) n ? new BsonInt32((int) n) : new BsonInt64(n));
                }
                case 3 -> {
                    double d = random.nextDouble() * 1e6 - 5e5;
                    body.put(key, d);
                    expected.append(key, new BsonDouble(d));
                }
                case 4 -> {
                    boolean b = random.nextBoolean();
                    body.put(key, b);
                    expected.append(key, BsonBoolean.valueOf(b));
                }
                case 5 -> {
                    body.put(key, null);
                    expected.append(key, BsonNull.VALUE);
                }
                case 6 -> {
                    List<Object> list = new ArrayList<>();
                    BsonArray array = new BsonArray();
                    for (int i = random.nextInt(300); i > 0; i--) {
                        String text = randomText(random, random.nextInt(8), false);
                        list.add(text);
                        array.add(new BsonString(text));
                    }
                    body.put(key, list);
                    expected.append(key, array);
                }
                case 7 -> {
                    Fields nested = body.nested(key);
                    BsonDocument nestedExpected = new BsonDocument();
                    fill(random, keyPool, nested, nestedExpected, depth + 1);
                    expected.append(key, nestedExpected);
                }
                default -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    BsonDocument mapExpected = new BsonDocument();
                    for (int i = random.nextInt(5); i > 0; i--) {
                        String mapKey = "m" + i;
                        map.put(mapKey, i);
                        mapExpected.append(mapKey, new BsonInt32(i));
                    }
                    body.put(key, map);
                    expected.append(key, mapExpected);
                }
            }
        }
    }

    /** Text of {@code length} code points: ASCII without NUL, or (if {@code anyUnicode}) any but surrogates and NUL. */
    private static String randomText(SplittableRandom random, int length, boolean anyUnicode) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int codePoint;
            do {
                codePoint = anyUnicode ? random.nextInt(1, Character.MAX_CODE_POINT + 1) : random.nextInt(1, 0x80);
            } while (Character.getType(codePoint) == Character.SURROGATE);
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static BsonDocument event(BsonValue id, String type, double start, double end, BsonDocument body) {
        return new BsonDocument()
                .append("id", id)
                .append("type", new BsonString(type))
                .append("host", new BsonString(HOST))
                .append("pid", new BsonInt32(PID))
                .append("start", new BsonDouble(start))
                .append("end", new BsonDouble(end))
                .append("body", body);
    }

    private static byte[] libraryBytes(BsonDocument document) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(out)) {
            new BsonDocumentCodec().encode(writer, document, EncoderContext.builder().build());
        }
        return out.toByteArray();
    }
}
