package ziggy.testing;

import java.nio.ByteBuffer;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Test events written as (extended) JSON, {@code "{type: 'request', start: 1763800000.5}"}, turned
 * into the BSON bytes a client sends and a day file holds.
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
}
