package ziggy.daemon.pylog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import org.bson.BsonArray;
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
import org.junit.jupiter.api.Test;

/**
 * Our BSON writer for Python logging records, held to org.bson's byte for byte: the same documents
 * written by both, including nesting, arrays, every value type it writes, bounds and unicode.
 */
class BsonOutTest {
    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

    @Test
    void writesWhatOrgBsonWritesForEveryValueTypeItKnows() {
        BsonDocument document = new BsonDocument("type", new BsonString("log.web"))
                .append("pid", new BsonInt32(Integer.MIN_VALUE))
                .append("big", new BsonInt64(Long.MAX_VALUE))
                .append("start", new BsonDouble(1763900000.25))
                .append("nan", new BsonDouble(Double.NaN))
                .append("yes", BsonBoolean.TRUE)
                .append("no", BsonBoolean.FALSE)
                .append("nothing", BsonNull.VALUE)
                .append("unicode \u65e5\u672c", new BsonString("caf\u00e9 \uD83D\uDE00 \u0000 inside"))
                .append("body", new BsonDocument("user", new BsonDocument("id", new BsonInt32(7)))
                        .append("roles", new BsonArray(List.of(new BsonString("admin"), new BsonInt64(-1), new BsonArray()))))
                .append("empty", new BsonDocument());
        assertArrayEquals(library(document), ours(document));
    }

    @Test
    void agreesOnManyRandomDocuments() {
        Random random = new Random(6);
        for (int i = 0; i < 2_000; i++) {
            BsonDocument document = randomDocument(random, 0);
            assertArrayEquals(library(document), ours(document), document.toJson());
        }
    }

    @Test
    void aNameHoldingNulIsRefused() {
        BsonOut out = new BsonOut();
        out.startDocument();
        assertThrows(IllegalArgumentException.class, () -> out.string("a\u0000b", "x"));
    }

    private static byte[] library(BsonDocument document) {
        RawBsonDocument raw = new RawBsonDocument(document, CODEC);
        byte[] bytes = new byte[raw.getByteBuffer().remaining()];
        raw.getByteBuffer().get(bytes);
        return bytes;
    }

    private static byte[] ours(BsonDocument document) {
        BsonOut out = new BsonOut();
        out.startDocument();
        writeElements(out, document);
        out.endDocument();
        return out.toByteArray();
    }

    private static void writeElements(BsonOut out, BsonDocument document) {
        document.forEach((name, value) -> write(out, name, value));
    }

    private static void write(BsonOut out, String name, BsonValue value) {
        switch (value.getBsonType()) {
            case STRING -> out.string(name, value.asString().getValue());
            case INT32 -> out.int32(name, value.asInt32().getValue());
            case INT64 -> out.int64(name, value.asInt64().getValue());
            case DOUBLE -> out.float64(name, value.asDouble().getValue());
            case BOOLEAN -> out.bool(name, value.asBoolean().getValue());
            case NULL -> out.nil(name);
            case DOCUMENT -> {
                out.startDocument(name, false);
                writeElements(out, value.asDocument());
                out.endDocument();
            }
            case ARRAY -> {
                out.startDocument(name, true);
                List<BsonValue> values = value.asArray().getValues();
                for (int i = 0; i < values.size(); i++) {
                    write(out, Integer.toString(i), values.get(i));
                }
                out.endDocument();
            }
            default -> throw new AssertionError("not a type BsonOut writes: " + value.getBsonType());
        }
    }

    private static BsonDocument randomDocument(Random random, int depth) {
        BsonDocument document = new BsonDocument();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            document.append(randomText(random) + i, randomValue(random, depth));
        }
        return document;
    }

    private static BsonValue randomValue(Random random, int depth) {
        int kind = random.nextInt(depth < 3 ? 8 : 6);
        return switch (kind) {
            case 0 -> new BsonString(randomText(random));
            case 1 -> new BsonInt32(random.nextInt());
            case 2 -> new BsonInt64(random.nextLong());
            case 3 -> new BsonDouble(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> BsonBoolean.valueOf(random.nextBoolean());
            case 5 -> BsonNull.VALUE;
            case 6 -> randomDocument(random, depth + 1);
            default -> {
                BsonArray array = new BsonArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
        };
    }

    /** Letters, digits, and code points of two, three and four UTF-8 bytes; never a NUL (names cannot hold one). */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) ('a' + random.nextInt(26)));
                case 1 -> text.append('\u00e9');
                case 2 -> text.append('\u65e5');
                default -> text.appendCodePoint(0x1F600 + random.nextInt(50));
            }
        }
        return text.toString();
    }
}
