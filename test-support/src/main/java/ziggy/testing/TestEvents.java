package ziggy.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Test events written as (extended) JSON, {@code "{type: 'request', start: 1763800000.5}"}, or made
 * the way a Ziggy client makes them ({@link #event}), turned into the BSON bytes a client sends and a
 * day file holds.
 */
public final class TestEvents {
    private TestEvents() {
    }

    public static RawBsonDocument document(String json) {
        return new RawBsonDocument(BsonDocument.parse(json), new BsonDocumentCodec());
    }

    public static byte[] bson(String json) {
        return bytes(BsonDocument.parse(json));
    }

    public static byte[] bytes(BsonDocument document) {
        ByteBuffer buffer = new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /**
     * The {@code n}th event of {@code type} as a client makes it: id {@code id-<n>}, host {@code web-1},
     * pid 4242, {@code start} in epoch seconds, 12 ms long, and a small body.
     */
    public static byte[] event(String type, double start, int n) {
        return bytes(new BsonDocument()
                .append("type", new BsonString(type))
                .append("id", new BsonString("id-" + n))
                .append("host", new BsonString("web-1"))
                .append("pid", new BsonInt32(4242))
                .append("start", new BsonDouble(start))
                .append("end", new BsonDouble(start + 0.012))
                .append("body", new BsonDocument("n", new BsonInt32(n)).append("path", new BsonString("/p/" + n))));
    }

    /** Epoch seconds of a UTC time, as an event's {@code start} holds them. */
    public static double utc(int year, int month, int day, int hour, int minute, int second) {
        return ZonedDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.UTC).toEpochSecond();
    }

    /** The parts one after the other: several documents in one frame, or a day file's bytes. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
