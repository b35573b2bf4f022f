package ziggy.protocol.batch;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import ziggy.protocol.control.ControlReplies;

/**
 * Frame 1 of a two-frame batch from a forwarder, a BSON document:
 * <pre>
 * v    int32   1, the version of this header
 * src  string  the forwarding agent's source id, made once and kept in its queue folder: 1 to 256
 *              characters, none a control character (a master keeps marks of its own under names that
 *              start with one, so that no peer can name them)
 * seq  int64   the sequence number of the batch's first event; the i-th event has seq + i
 * n    int32   how many events frame 2 holds, end to end
 * </pre>
 */
public record BatchHeader(String source, long firstSeq, int count) {
    public static final int VERSION = 1;
    public static final int MAX_SOURCE_LENGTH = 256;
    /**
     * The most bytes an encoded header takes: a source id of {@value #MAX_SOURCE_LENGTH} characters of three UTF-8
     * bytes each. An agent takes events of at most its {@code --max-message-bytes} less this, so that each one it
     * queues fits, with the header, in a batch to an upstream of the same limit.
     */
    public static final int MAX_ENCODED_BYTES = new BatchHeader("\u0800".repeat(MAX_SOURCE_LENGTH), Long.MAX_VALUE,
            Integer.MAX_VALUE).encode().length;

    /** The largest event that goes, with any agent's header, in a batch of at most {@code maxMessageBytes}; below 1: none. */
    public static int largestEventIn(int maxMessageBytes) {
        return maxMessageBytes - MAX_ENCODED_BYTES;
    }

    public BatchHeader {
        String problem = sourceProblem(source);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (firstSeq < 0 || count < 0) {
            throw new IllegalArgumentException("negative seq or count: " + firstSeq + ", " + count);
        }
    }

    /** Why {@code source} is not a source id, or null when it is one. */
    public static String sourceProblem(String source) {
        if (source == null || source.isEmpty()) {
            return "a batch needs a source id";
        }
        if (source.length() > MAX_SOURCE_LENGTH) {
            return "a source id of " + source.length() + " characters, more than " + MAX_SOURCE_LENGTH;
        }
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return "a source id with the control character " + (int) c + " at " + i;
            }
        }
        return null;
    }

    public byte[] encode() {
        BsonDocument header = new BsonDocument()
                .append("v", new BsonInt32(VERSION))
                .append("src", new BsonString(source))
                .append("seq", new BsonInt64(firstSeq))
                .append("n", new BsonInt32(count));
        return ControlReplies.encode(header);
    }

    /**
     * Reads a header frame.
     *
     * @throws IllegalArgumentException with a one-line reason when the frame is not a version 1 header
     */
    public static BatchHeader decode(byte[] frame) {
        BsonDocument header = ControlReplies.decode(frame);
        BsonValue version = header.get("v");
        if (version == null || !version.isNumber() || version.asNumber().intValue() != VERSION) {
            throw new IllegalArgumentException("batch header version is " + version + ", expected " + VERSION);
        }
        BsonValue source = header.get("src");
        BsonValue seq = header.get("seq");
        BsonValue count = header.get("n");
        if (source == null || !source.isString() || seq == null || !seq.isNumber() || count == null || !count.isNumber()) {
            throw new IllegalArgumentException("batch header needs src (string), seq and n (numbers): " + header.toJson());
        }
        return new BatchHeader(source.asString().getValue(), seq.asNumber().longValue(), count.asNumber().intValue());
    }
}
