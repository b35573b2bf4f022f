package ziggy.daemon.collect;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;

import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.ControlReplies;

/**
 * What a forwarder and a plain client hand an intake, as the collect endpoint would: batches of events
 * {@code batch-<seq>} of one source, and single events; each event carries its id, so that a test can
 * count the copies of each that ended up in a store.
 */
public final class IntakeFeed {
    private IntakeFeed() {
    }

    /** A forwarder's two-frame batch of {@code count} events from {@code firstSeq}. */
    public static void batch(EventIntake<?> intake, String source, long firstSeq, int count) {
        byte[] header = new BatchHeader(source, firstSeq, count).encode();
        List<byte[]> events = new ArrayList<>();
        int length = 0;
        for (int i = 0; i < count; i++) {
            byte[] event = event("batch-" + (firstSeq + i), firstSeq + i);
            events.add(event);
            length += event.length;
        }
        ByteBuffer frames = ByteBuffer.allocate(header.length + length);
        frames.put(header);
        events.forEach(frames::put);
        intake.onMultipartMessage(frames, new int[] {0, header.length}, new int[] {header.length, length}, 2);
    }

    /** A plain client's single-frame event. */
    public static void single(EventIntake<?> intake, String id) {
        byte[] event = event(id, 0);
        intake.onMessage(ByteBuffer.wrap(event), 0, event.length);
    }

    /** The id of an event this feed made. */
    public static String idOf(byte[] event) {
        return new RawBsonDocument(event).getString("id").getValue();
    }

    private static byte[] event(String id, long n) {
        return ControlReplies.encode(new BsonDocument("type", new BsonString("t" + (n % 3)))
                .append("id", new BsonString(id)).append("start", new BsonDouble(1_764_633_600))
                .append("n", new BsonInt64(n)).append("pad", new BsonString("x".repeat(40))));
    }
}
