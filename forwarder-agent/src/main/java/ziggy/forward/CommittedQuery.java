package ziggy.forward;

import java.time.Duration;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.ControlException;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.control.ControlSession;
import ziggy.protocol.security.CurveClientKeys;

/**
 * Asks an upstream's control port {@code {cmd: "COMMITTED", src: <source id>}}. The answer is
 * {@code {src, seq, max_message_bytes, refused}}, the highest seq of this source the upstream holds durably (a
 * missing or null {@code seq} means none yet), the largest message its collect port takes (missing from
 * upstreams older than it), and, only while it refuses this source's batches, why ({@code too_many_sources});
 * or {@code {error: …}} from an original Ziggy daemon, which knows no such command.
 */
final class CommittedQuery implements AutoCloseable {

    /** What an upstream said. */
    sealed interface Answer {
    }

    /**
     * It holds every seq up to {@code seq}, and takes messages of at most {@code maxMessageBytes} (0: it did not
     * say); {@code refused}: why it refuses this source's batches, empty while it does not.
     */
    record Held(long seq, int maxMessageBytes, String refused) implements Answer {
    }

    /** It does not know COMMITTED (an original Ziggy daemon). */
    record Unsupported(String error) implements Answer {
    }

    private final ControlSession client;
    private final String source;

    /** {@code curve}: null for a plain connection, else the keys the REQ socket speaks CURVE with. */
    CommittedQuery(Upstream upstream, String source, Duration timeout, CurveClientKeys curve) {
        this.client = new ControlSession(upstream.control(), timeout, curve);
        this.source = source;
    }

    /** @throws ControlException when no usable answer comes in time */
    Answer ask() {
        BsonDocument request = ControlCommand.COMMITTED.request().append(ControlReplies.SRC, new BsonString(source));
        BsonDocument reply = client.request(request);
        var error = ControlReplies.errorOf(reply);
        if (error.isPresent()) {
            return new Unsupported(error.get());
        }
        BsonValue src = reply.get(ControlReplies.SRC);
        if (src != null && !(src.isString() && src.asString().getValue().equals(source))) {
            throw new ControlException(client.endpoint() + " answered COMMITTED for another source: " + reply.toJson());
        }
        BsonValue limit = reply.get(ControlReplies.MAX_MESSAGE_BYTES);
        int maxMessageBytes = limit != null && limit.isNumber() ? Math.max(0, limit.asNumber().intValue()) : 0;
        BsonValue refusedValue = reply.get(ControlReplies.REFUSED);
        String refused = refusedValue != null && refusedValue.isString() ? refusedValue.asString().getValue() : "";
        BsonValue seq = reply.get(ControlReplies.SEQ);
        if (seq == null || seq.isNull()) {
            return new Held(0, maxMessageBytes, refused);
        }
        if (!seq.isNumber()) {
            throw new ControlException(client.endpoint() + " answered COMMITTED without a numeric seq: " + reply.toJson());
        }
        return new Held(seq.asNumber().longValue(), maxMessageBytes, refused);
    }

    @Override
    public void close() {
        client.close();
    }
}
