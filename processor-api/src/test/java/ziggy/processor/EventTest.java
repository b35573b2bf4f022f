package ziggy.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

class EventTest {
    private static final String JSON = "{type: 'request', id: 'abc', host: 'web1', start: 1.5,"
            + " body: {password: 'hunter2', response: {status: 500}, tags: ['a', 'b'], re: {$regex: 'x+', $options: 'i'},"
            + " big: {$numberDecimal: '12.5'}, when: {$date: 1000}, n: {$numberLong: '7'}, flag: true}}";

    private static byte[] bytes(String json) {
        return Event.encode(BsonDocument.parse(json));
    }

    @Test
    void everyFieldReadRawEqualsTheDecodedValue() {
        byte[] raw = bytes(JSON);
        Event event = Event.of(raw);
        BsonDocument decoded = new RawBsonDocument(raw).decode(new BsonDocumentCodec());
        for (String path : new String[] {"type", "id", "host", "start", "body.password", "body.response.status",
                "body.tags.1", "body.re", "body.big", "body.when", "body.n", "body.flag", "body.response"}) {
            assertEquals(lookUp(decoded, path), event.field(path), path);
        }
        assertEquals("request", event.type());
        assertEquals("abc", event.id());
        assertEquals(new BsonRegularExpression("x+", "i"), event.field("body.re"));
    }

    @Test
    void aFieldInsideAnEventThatLiesInsideALargerBufferIsFound() {
        byte[] inner = bytes(JSON);
        byte[] outer = new byte[inner.length + 10];
        Arrays.fill(outer, (byte) 0x7F);
        System.arraycopy(inner, 0, outer, 3, inner.length);
        Event event = Event.of(outer, 3, inner.length);
        assertEquals(new BsonString("hunter2"), event.field("body.password"));
        assertEquals(BsonDocument.parse(JSON), event.document());
        assertArrayEquals(inner, event.toByteArray());
    }

    @Test
    void anEventInADirectBufferReadsTheSameAndKeepsNoReferenceToIt() {
        byte[] inner = bytes(JSON);
        ByteBuffer direct = ByteBuffer.allocateDirect(inner.length + 9);
        direct.put(5, inner);
        Event event = Event.of(direct, 5, inner.length);
        Event heap = Event.of(inner);
        for (String path : new String[] {"type", "id", "start", "body.password", "body.response", "body.tags", "body.re",
                "body.big", "body.when", "body.n", "body.flag"}) {
            assertEquals(heap.field(path), event.field(path), path);
        }
        BsonValue nested = event.field("body.response");
        direct.put(5, new byte[inner.length]); // the buffer is reused for the next event
        assertEquals(BsonDocument.parse("{status: 500}"), nested);
        assertEquals(0, direct.position());
    }

    @Test
    void keysOfEveryLengthAndAlphabetAreFoundAsTheDecoderFindsThem() {
        java.util.Random random = new java.util.Random(3);
        String alphabet = "abcxyz_0129.\u00e9\u4e2d";
        for (int round = 0; round < 300; round++) {
            BsonDocument body = new BsonDocument();
            java.util.List<String> keys = new java.util.ArrayList<>();
            for (int k = 0; k < 1 + random.nextInt(12); k++) {
                StringBuilder key = new StringBuilder();
                for (int c = 0; c < 1 + random.nextInt(12); c++) {
                    char ch = alphabet.charAt(random.nextInt(alphabet.length()));
                    key.append(ch == '.' ? '-' : ch);
                }
                keys.add(key.toString());
                body.put(key.toString(), random.nextBoolean() ? new BsonInt32(k) : new BsonString("v" + k));
            }
            byte[] raw = Event.encode(new BsonDocument("type", new BsonString("t")).append("body", body));
            Event event = Event.of(raw);
            for (String key : keys) {
                assertEquals(body.get(key), event.field(FieldPath.of("body." + key)), key);
            }
            String absent = keys.get(0) + "q";
            assertEquals(body.get(absent), event.field(FieldPath.of("body." + absent)), absent);
        }
    }

    @Test
    void missingFieldsAndStepsIntoScalarsAreNull() {
        Event event = Event.of(bytes(JSON));
        assertNull(event.field("body.nothing"));
        assertNull(event.field("host.deeper"));
        assertNull(event.field("body.tags.2"));
        assertNull(event.field("body.tags.x"));
        assertFalse(event.has(FieldPath.of("body.response.code")));
        assertTrue(event.has(FieldPath.of("body.response.status")));
    }

    @Test
    void theLastOfTwoEqualKeysCountsAsWhenDecoded() {
        BasicOutputBuffer out = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(out)) {
            writer.writeStartDocument();
            writer.writeString("type", "t");
            writer.writeInt32("x", 1);
            writer.writeInt32("x", 2);
            writer.writeEndDocument();
        }
        byte[] raw = out.toByteArray();
        assertEquals(new BsonInt32(2), Event.of(raw).field("x"));
        assertEquals(new RawBsonDocument(raw).decode(new BsonDocumentCodec()).get("x"), Event.of(raw).field("x"));
    }

    @Test
    void withTypeChangesOnlyTheTypeString() {
        Event event = Event.of(bytes(JSON));
        Event renamed = Event.of(event.withType("web.request.long-name"));
        assertEquals("web.request.long-name", renamed.type());
        BsonDocument expected = BsonDocument.parse(JSON);
        expected.put("type", new BsonString("web.request.long-name"));
        assertEquals(expected, renamed.document());
    }

    @Test
    void brokenBytesAreRefusedWithoutReadingOutsideTheSlice() {
        byte[] raw = bytes(JSON);
        raw[raw.length - 1] = 5;
        assertThrows(IllegalArgumentException.class, () -> Event.of(raw).field("body.nothing"));
        assertThrows(IllegalArgumentException.class, () -> Event.of(new byte[] {9, 0, 0, 0, 0}));
    }

    private static BsonValue lookUp(BsonDocument document, String path) {
        BsonValue current = document;
        for (String step : path.split("\\.")) {
            current = current.isArray() ? current.asArray().get(Integer.parseInt(step)) : current.asDocument().get(step);
        }
        return current;
    }

    @Test
    void theTypeRuleIsTheDaemons() {
        assertTrue(Event.isValidType("request.sql"));
        assertFalse(Event.isValidType("request..sql"));
        assertFalse(Event.isValidType(".request"));
        assertFalse(Event.isValidType("a/b"));
        assertFalse(Event.isValidType("x".repeat(201)));
    }
}
