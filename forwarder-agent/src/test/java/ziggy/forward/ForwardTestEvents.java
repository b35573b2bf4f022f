package ziggy.forward;

import java.nio.ByteBuffer;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import ziggy.protocol.control.ControlReplies;
import ziggy.storage.queue.DiskQueue;

/** Real BSON events {@code {type: "request", id: <n>, body: "…"}} for forwarder tests. */
final class ForwardTestEvents {
    private ForwardTestEvents() {
    }

    static byte[] of(long id) {
        return ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                .append("id", new BsonInt64(id))
                .append("body", new BsonString("x".repeat((int) (id % 200)))));
    }

    static long idOf(byte[] event) {
        return ControlReplies.decode(event).getInt64("id").getValue();
    }

    /** Appends events with ids [from, to) and ends the batch. */
    static void append(DiskQueue queue, long from, long to) {
        for (long id = from; id < to; id++) {
            byte[] event = of(id);
            if (queue.append(ByteBuffer.wrap(event), 0, event.length) == DiskQueue.REJECTED) {
                throw new AssertionError("queue rejected event " + id);
            }
        }
        queue.endBatch();
    }
}
