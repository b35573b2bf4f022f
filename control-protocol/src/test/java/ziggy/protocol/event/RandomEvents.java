package ziggy.protocol.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.bson.BsonArray;
import org.bson.BsonBinary;
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
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Random events as MongoDB's BSON library writes them, holding every BSON type at several depths,
 * and random damage to their bytes, for the tests that hold the scanner (and the file reader, which
 * asks it) to the library. Seeded, so a failure repeats.
 */
public final class RandomEvents {
    private final Random random;

    public RandomEvents(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** An event with a valid type name, a double {@code start}, a random {@code body} and sometimes a {@code host}. */
    public BsonDocument event() {
        BsonDocument document = new BsonDocument()
                .append("type", new BsonString(typeName()))
                .append("start", new BsonDouble(1.7e9 + random.nextDouble()));
        document.append("body", document(0));
        if (random.nextBoolean()) {
            document.append("host", new BsonString("host-" + random.nextInt(10)));
        }
        return document;
    }

    /**
     * The bytes changed the ways damage comes: a few bytes overwritten, the tail cut, bytes added,
     * a length-like int32 changed somewhere, or one bit flipped near the start, where type bytes and
     * lengths live.
     */
    public byte[] damaged(byte[] bytes) {
        byte[] out = bytes.clone();
        switch (random.nextInt(5)) {
            case 0:
                for (int k = 0; k <= random.nextInt(3); k++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                return out;
            case 1:
                return Arrays.copyOf(out, random.nextInt(out.length));
            case 2:
                return Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
            case 3: {
                int at = random.nextInt(Math.max(1, out.length - 4));
                ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, random.nextInt(out.length * 2) - 8);
                return out;
            }
            default:
                out[random.nextInt(Math.min(out.length, 24))] ^= (byte) (1 << random.nextInt(8));
                return out;
        }
    }

    private String typeName() {
        String[] names = {"request", "request.sql", "a", "job-run_2", "x.y.z"};
        return names[random.nextInt(names.length)];
    }

    private BsonDocument document(int depth) {
        BsonDocument document = new BsonDocument();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            document.append(key(), value(depth));
        }
        return document;
    }

    private String key() {
        String[] keys = {"k", "path", "ключ", "名前", "emoji😀", "x"};
        return keys[random.nextInt(keys.length)] + random.nextInt(100);
    }

    private BsonValue value(int depth) {
        int kind = random.nextInt(depth > 3 ? 19 : 21);
        switch (kind) {
            case 0: return new BsonDouble(random.nextGaussian());
            case 1: return new BsonString(text());
            case 2: return new BsonBinary(bytes());
            case 3: return new BsonBinary(BsonBinarySubType.OLD_BINARY, bytes());
            case 4: return new BsonUndefined();
            case 5: return new BsonObjectId(new ObjectId());
            case 6: return BsonBoolean.valueOf(random.nextBoolean());
            case 7: return new BsonDateTime(random.nextLong());
            case 8: return BsonNull.VALUE;
            case 9: return new BsonRegularExpression("^a.*é$", "i");
            case 10: return new BsonJavaScript(text());
            case 11: return new BsonSymbol(text());
            case 12: return new BsonInt32(random.nextInt());
            case 13: return new BsonTimestamp(random.nextLong());
            case 14: return new BsonInt64(random.nextLong());
            case 15: return new BsonDecimal128(Decimal128.parse("3.14"));
            case 16: return new BsonMinKey();
            case 17: return new BsonMaxKey();
            case 18: return new BsonJavaScriptWithScope(text(), new BsonDocument("s", new BsonInt32(1)));
            case 19: return document(depth + 1);
            default: {
                List<BsonValue> values = new ArrayList<>();
                for (int i = 0; i < random.nextInt(4); i++) {
                    values.add(value(depth + 1));
                }
                return new BsonArray(values);
            }
        }
    }

    private String text() {
        String[] texts = {"", "plain", "é and ü", "日本語", "a\u0000b", "😀 emoji", "x".repeat(30)};
        return texts[random.nextInt(texts.length)];
    }

    private byte[] bytes() {
        byte[] bytes = new byte[random.nextInt(12)];
        random.nextBytes(bytes);
        return bytes;
    }
}
