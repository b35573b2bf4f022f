package ziggy.protocol.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.bson.BsonBinaryReader;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;

/** MongoDB's own BSON decoder, the outside reference our walk of the bytes is held to. */
public final class BsonLibrary {
    private BsonLibrary() {
    }

    /** Whether the library decodes {@code bytes} as exactly one document, into objects, all the way down. */
    public static boolean decodes(byte[] bytes) {
        if (bytes.length < 5 || ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) != bytes.length) {
            return false;
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            new BsonDocumentCodec().decode(reader, DecoderContext.builder().build());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
