package ziggy.daemon.collect;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * The body of the latest {@code ziggy.summary} event taken in for each summarized type, whoever made it (this
 * daemon's {@code summary} processor, or an agent's, forwarded here), for STATUS and the dashboard. Written
 * on the collect thread, read by others; at most {@link #MAX_TYPES} types, since the types come from events.
 */
public final class LatestSummaries {
    /** The event type the {@code summary} processor emits. */
    static final String SUMMARY_TYPE = "ziggy.summary";
    static final int MAX_TYPES = 1_000;

    private final Map<String, BsonDocument> bodies = new ConcurrentHashMap<>();

    /** Keeps the body of the summary event in {@code buffer[offset, offset + length)}, copied. */
    void record(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        BsonValue body = new RawBsonDocument(bytes).get("body");
        if (body == null || !body.isDocument() || !body.asDocument().isString("type")) {
            return;
        }
        String type = body.asDocument().getString("type").getValue();
        if (bodies.size() < MAX_TYPES || bodies.containsKey(type)) {
            bodies.put(type, body.asDocument());
        }
    }

    /** {@code {TYPE: body}}, for STATUS {@code summaries}. */
    public BsonDocument document() {
        BsonDocument document = new BsonDocument();
        bodies.forEach(document::append);
        return document;
    }
}
