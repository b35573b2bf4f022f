package ziggy.view.events;

import java.nio.ByteBuffer;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/** Builds test events from JSON, as the BSON bytes a daemon would hold. */
final class Events {
    private Events() {
    }

    static RawBsonDocument event(String json) {
        return new RawBsonDocument(BsonDocument.parse(json), new BsonDocumentCodec());
    }

    static byte[] bytes(String json) {
        ByteBuffer buffer = event(json).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
