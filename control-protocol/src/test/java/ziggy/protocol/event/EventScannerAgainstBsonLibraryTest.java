package ziggy.protocol.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import ziggy.protocol.control.ControlReplies;

/**
 * Holds the scanner to MongoDB's own BSON library: every document the library writes, of every
 * BSON type, is accepted with its fields found; and for random damage to such documents the scanner
 * never throws, rejects everything the library cannot read, and where it rejects what the library
 * reads, it is only for a rule stricter than the library's on purpose (UTF-8, which the library
 * replaces but Python's reader refuses; and the type name).
 */
class EventScannerAgainstBsonLibraryTest {
    private static final Set<RejectReason> STRICTER_THAN_LIBRARY = Set.of(RejectReason.INVALID_UTF8,
            RejectReason.MISSING_TYPE, RejectReason.TYPE_NOT_STRING, RejectReason.BAD_TYPE_NAME);

    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent event = new ScannedEvent();
    private final Random random = new Random(20261123L);

    @Test
    void everyDocumentTheLibraryWritesIsAccepted() {
        for (int i = 0; i < 2000; i++) {
            BsonDocument document = randomEvent();
            byte[] bytes = ControlReplies.encode(document);
            assertTrue(scanner.scan(ByteBuffer.wrap(bytes), 0, bytes.length, event),
                    () -> event.reason() + " for " + document.toJson());
            assertEquals(document.getString("type").getValue(), new String(bytes, event.typeOffset(), event.typeLength(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(document.getDouble("start").getValue(), event.start());
        }
    }

    @Test
    void randomDamageNeverCrashesAndNeverLetsThroughWhatTheLibraryRefuses() {
        Map<RejectReason, Integer> seen = new EnumMap<>(RejectReason.class);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = damage(ControlReplies.encode(randomEvent()));
            boolean accepted;
            try {
                accepted = scanner.scan(ByteBuffer.wrap(bytes), 0, bytes.length, event);
            } catch (RuntimeException e) {
                throw new AssertionError("scanner threw on " + ByteBuffer.wrap(bytes), e);
            }
            boolean libraryReads = libraryReads(bytes);
            if (accepted && !libraryReads) {
                fail("accepted what the library refuses: " + java.util.HexFormat.of().formatHex(bytes));
            }
            if (!accepted && libraryReads && !STRICTER_THAN_LIBRARY.contains(event.reason())) {
                fail("rejected as " + event.reason() + " what the library reads: " + java.util.HexFormat.of().formatHex(bytes));
            }
            if (!accepted) {
                seen.merge(event.reason(), 1, Integer::sum);
            }
        }
        assertTrue(seen.size() >= 6, "damage should exercise many reasons: " + seen);
    }

    private static boolean libraryReads(byte[] bytes) {
        if (bytes.length < 5 || ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0) != bytes.length) {
            return false;
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            new BsonDocumentCodec().decode(reader, DecoderContext.builder().build());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private byte[] damage(byte[] bytes) {
        byte[] out = bytes.clone();
        switch (random.nextInt(5)) {
            case 0: // flip a few bytes
                for (int k = 0; k <= random.nextInt(3); k++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                return out;
            case 1: // cut the tail
                return java.util.Arrays.copyOf(out, random.nextInt(out.length));
            case 2: // add bytes
                return java.util.Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
            case 3: { // change a length-like little-endian int32 somewhere
                int at = random.nextInt(Math.max(1, out.length - 4));
                ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, random.nextInt(out.length * 2) - 8);
                return out;
            }
            default: // a single byte flipped near the start, where type bytes and lengths live
                out[random.nextInt(Math.min(out.length, 24))] ^= (byte) (1 << random.nextInt(8));
                return out;
        }
    }

    private BsonDocument randomEvent() {
        BsonDocument document = new BsonDocument()
                .append("type", new BsonString(randomTypeName()))
                .append("start", new BsonDouble(1.7e9 + random.nextDouble()));
        document.append("body", randomDocument(0));
        if (random.nextBoolean()) {
            document.append("host", new BsonString("host-" + random.nextInt(10)));
        }
        return document;
    }

    private String randomTypeName() {
        String[] names = {"request", "request.sql", "a", "job-run_2", "x.y.z"};
        return names[random.nextInt(names.length)];
    }

    private BsonDocument randomDocument(int depth) {
        BsonDocument document = new BsonDocument();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            document.append(randomKey(), randomValue(depth));
        }
        return document;
    }

    private String randomKey() {
        String[] keys = {"k", "path", "ключ", "名前", "emoji😀", "x"};
        return keys[random.nextInt(keys.length)] + random.nextInt(100);
    }

    private BsonValue randomValue(int depth) {
        int kind = random.nextInt(depth > 3 ? 19 : 21);
        switch (kind) {
            case 0: return new BsonDouble(random.nextGaussian());
            case 1: return new BsonString(randomText());
            case 2: return new BsonBinary(randomBytes());
            case 3: return new BsonBinary(BsonBinarySubType.OLD_BINARY, randomBytes());
            case 4: return BsonUndefined.class.cast(new BsonUndefined());
            case 5: return new BsonObjectId(new ObjectId());
            case 6: return BsonBoolean.valueOf(random.nextBoolean());
            case 7: return new BsonDateTime(random.nextLong());
            case 8: return BsonNull.VALUE;
            case 9: return new BsonRegularExpression("^a.*é$", "i");
            case 10: return new BsonJavaScript(randomText());
            case 11: return new BsonSymbol(randomText());
            case 12: return new BsonInt32(random.nextInt());
            case 13: return new BsonTimestamp(random.nextLong());
            case 14: return new BsonInt64(random.nextLong());
            case 15: return new BsonDecimal128(Decimal128.parse("3.14"));
            case 16: return new BsonMinKey();
            case 17: return new BsonMaxKey();
            case 18: return new BsonJavaScriptWithScope(randomText(), new BsonDocument("s", new BsonInt32(1)));
            case 19: return randomDocument(depth + 1);
            default: {
                List<BsonValue> values = new ArrayList<>();
                for (int i = 0; i < random.nextInt(4); i++) {
                    values.add(randomValue(depth + 1));
                }
                return new BsonArray(values);
            }
        }
    }

    private String randomText() {
        String[] texts = {"", "plain", "é and ü", "日本語", "a\u0000b", "😀 emoji", "x".repeat(30)};
        return texts[random.nextInt(texts.length)];
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(12)];
        random.nextBytes(bytes);
        return bytes;
    }
}
