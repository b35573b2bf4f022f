package ziggy.protocol.control;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

import org.bson.BsonBinaryReader;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;

/**
 * Building and reading control messages. Requests are {@code {cmd: NAME, …}}; replies are one of
 * <pre>
 * {ok: true}                      SHUTDOWN accepted
 * {port: int32}                   SOCK_STREAM, SOCK_COLLECT
 * {src: string, seq: int64}       COMMITTED {src}: the highest seq of that source held durably (0: none)
 * {error: "Unknown Command"}      any cmd the daemon does not know (the original daemon's words)
 * {error: "Malformed Request: …"} a request that is not one BSON document with a string cmd
 * {error: "Not Authorized"}       an admin command (SHUTDOWN) without the admin token or an admin key
 * {…}                             STATUS, see {@link StatusKeys}
 * </pre>
 */
public final class ControlReplies {
    public static final String CMD = "cmd";
    public static final String OK = "ok";
    public static final String PORT = "port";
    public static final String SRC = "src";
    public static final String SEQ = "seq";
    /** In COMMITTED's answer: the largest message the upstream's collect port takes, so a forwarder can size its batches. */
    public static final String MAX_MESSAGE_BYTES = "max_message_bytes";
    /** In COMMITTED's answer, when the source's batches are refused: why (a reject reason's wire name). */
    public static final String REFUSED = "refused";
    public static final String ERROR = "error";
    /** RELOAD: the settings applied live, and those that changed but take effect only at the next start. */
    public static final String APPLIED = "applied";
    public static final String RESTART_NEEDED = "restart_needed";
    /** LOG_LEVEL: the logger, its new level, and the level it had. */
    public static final String LOGGER = "logger";
    public static final String LEVEL = "level";
    public static final String WAS = "was";
    public static final String UNKNOWN_COMMAND = "Unknown Command";
    public static final String MALFORMED_REQUEST = "Malformed Request";
    public static final String NOT_AUTHORIZED = "Not Authorized";

    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

    private ControlReplies() {
    }

    public static BsonDocument ok() {
        return new BsonDocument(OK, BsonBoolean.TRUE);
    }

    public static BsonDocument port(int port) {
        return new BsonDocument(PORT, new BsonInt32(port));
    }

    /**
     * COMMITTED's answer: the highest seq of {@code source} held durably, 0 when none, and the largest message
     * the collect port takes ({@code --max-message-bytes}).
     */
    public static BsonDocument committed(String source, long seq, int maxMessageBytes) {
        return new BsonDocument(SRC, new BsonString(source)).append(SEQ, new BsonInt64(seq))
                .append(MAX_MESSAGE_BYTES, new BsonInt32(maxMessageBytes));
    }

    public static BsonDocument error(String message) {
        return new BsonDocument(ERROR, new BsonString(message));
    }

    public static BsonDocument unknownCommand() {
        return error(UNKNOWN_COMMAND);
    }

    /** The answer to an admin command from someone who is no admin. */
    public static BsonDocument notAuthorized() {
        return error(NOT_AUTHORIZED);
    }

    public static BsonDocument malformedRequest(String why) {
        return error(MALFORMED_REQUEST + ": " + why);
    }

    /** The reply's error text, when it is an error reply. */
    public static Optional<String> errorOf(BsonDocument reply) {
        BsonValue error = reply.get(ERROR);
        if (error == null) {
            return Optional.empty();
        }
        return Optional.of(error.isString() ? error.asString().getValue() : error.toString());
    }

    /** The document's BSON bytes. */
    public static byte[] encode(BsonDocument document) {
        RawBsonDocument raw = new RawBsonDocument(document, CODEC);
        ByteBuffer bytes = raw.getByteBuffer().asNIO();
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }

    /**
     * Decodes one BSON document that must fill {@code bytes} exactly.
     *
     * @throws IllegalArgumentException with a one-line reason when it does not
     */
    public static BsonDocument decode(byte[] bytes) {
        if (bytes == null || bytes.length < 5) {
            throw new IllegalArgumentException("not a BSON document (" + (bytes == null ? 0 : bytes.length) + " bytes)");
        }
        int declared = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (declared != bytes.length) {
            throw new IllegalArgumentException("BSON length " + declared + " but the frame holds " + bytes.length + " bytes");
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            return CODEC.decode(reader, DecoderContext.builder().build());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a BSON document: " + e.getMessage());
        }
    }

    /** The request's command name, or an explanation of why it has none. */
    public static String commandOf(BsonDocument request) {
        BsonValue cmd = request.get(CMD);
        if (cmd == null) {
            throw new IllegalArgumentException("no 'cmd' field");
        }
        if (!cmd.isString()) {
            throw new IllegalArgumentException("'cmd' is a " + cmd.getBsonType() + ", not a string");
        }
        return cmd.asString().getValue();
    }
}
