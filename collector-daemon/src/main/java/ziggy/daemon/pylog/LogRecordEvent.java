package ziggy.daemon.pylog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.BsonBinaryWriter;
import org.bson.io.BasicOutputBuffer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import ziggy.protocol.event.TypeNames;

/**
 * One Python {@code logging} record, as seed 000's handler sends it (frame 1 {@code b"LEVEL:channel"}, frame 2
 * {@code json.dumps(record.__dict__)}), made into a Ziggy event: BSON bytes the collect path takes as it takes a
 * client's single frame. docs/protocol.md has the mapping table; in short {@code type} is {@code log.<channel>},
 * {@code start = end = created}, {@code pid} the record's {@code process}, {@code host} the record's {@code host}
 * or the daemon's, and {@code body} the record's fields with {@code message} formatted as
 * {@code getMessage()} does, plus every key that {@code extra=} added.
 *
 * <p>One per intake thread: the output buffer is reused.
 */
final class LogRecordEvent {
    /** LogRecord's own attributes: any other key of the record came from {@code extra=}. */
    static final Set<String> STANDARD = Set.of("name", "msg", "args", "levelname", "levelno", "pathname", "filename",
            "module", "exc_info", "exc_text", "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated",
            "thread", "threadName", "processName", "process", "taskName");
    /** Copied into the body as they are, in this order, when present and not null. */
    private static final String[][] COPIED = {{"pathname", "pathname"}, {"filename", "filename"}, {"module", "module"},
            {"lineno", "lineno"}, {"funcName", "funcName"}, {"thread", "thread"}, {"threadName", "threadName"},
            {"processName", "processName"}, {"exc_text", "exc_text"}, {"stack_info", "stack_info"}};
    /** Names the body gives to record fields: an extra key of the same name goes in as {@code extra_<key>}. */
    private static final Set<String> BODY_NAMES = Set.of("level", "levelno", "logger", "message", "pathname", "filename",
            "module", "lineno", "funcName", "thread", "threadName", "processName", "exc_text", "stack_info");
    static final String TYPE_PREFIX = "log";

    /** Why a message is not a record: the key it is counted under in STATUS. */
    enum Rejection {
        NOT_TWO_FRAMES, NOT_JSON, NOT_A_RECORD, TOO_BIG, INTERNAL_ERROR;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The message was rejected for {@link #reason}. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Rejection reason;

        Rejected(Rejection reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    // json.dumps writes NaN and Infinity for such floats, which strict JSON has no words for.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final String hostname;
    private final BasicOutputBuffer output = new BasicOutputBuffer(4096);
    /** Whether the last {@link #encode} could not format its message and kept {@code msg}. */
    private boolean formatFailed;

    LogRecordEvent(String hostname) {
        this.hostname = hostname;
    }

    boolean formatFailed() {
        return formatFailed;
    }

    /** The event's BSON bytes, or {@link Rejected} with the reason. */
    byte[] encode(byte[] topic, byte[] record) throws Rejected {
        JsonNode root;
        try (JsonParser parser = JSON.createParser(record)) {
            root = parser.readValueAsTree();
            if (root == null || parser.nextToken() != null) {
                throw new Rejected(Rejection.NOT_JSON, "not one JSON value");
            }
        } catch (IOException e) {
            throw new Rejected(Rejection.NOT_JSON, e.getMessage() == null ? e.toString() : shorten(e.getMessage()));
        }
        if (!root.isObject()) {
            throw new Rejected(Rejection.NOT_A_RECORD, "JSON " + root.getNodeType() + ", not an object");
        }
        JsonNode msg = root.get("msg");
        JsonNode levelname = root.get("levelname");
        JsonNode created = root.get("created");
        if (msg == null || levelname == null || !levelname.isTextual() || created == null || !created.isNumber()) {
            throw new Rejected(Rejection.NOT_A_RECORD, "no msg, levelname (a string) or created (a number)");
        }
        String message;
        try {
            message = PercentFormat.message(msg, root.get("args"));
            formatFailed = false;
        } catch (PercentFormat.FormatFailure e) {
            message = PythonText.str(msg);
            formatFailed = true;
        }
        double time = created.doubleValue();
        output.truncateToPosition(0);
        try {
            BsonBinaryWriter writer = new BsonBinaryWriter(output);
            writer.writeStartDocument();
            writer.writeString("type", typeName(topic));
            writer.writeString("id", newId(time));
            JsonNode host = root.get("host");
            writer.writeString("host", host != null && host.isTextual() && !host.textValue().isEmpty() ? host.textValue() : hostname);
            JsonNode process = root.get("process");
            if (process != null && process.isIntegralNumber()) {
                writeValue(writer, "pid", process);
            }
            writer.writeDouble("start", time);
            writer.writeDouble("end", time);
            writer.writeStartDocument("body");
            writer.writeString("level", levelname.textValue());
            writeIfPresent(writer, "levelno", root.get("levelno"));
            writeIfPresent(writer, "logger", root.get("name"));
            writer.writeString("message", message);
            for (String[] copied : COPIED) {
                writeIfPresent(writer, copied[1], root.get(copied[0]));
            }
            Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (!STANDARD.contains(key)) {
                    writeValue(writer, BODY_NAMES.contains(key) ? "extra_" + key : key, field.getValue());
                }
            }
            writer.writeEndDocument();
            writer.writeEndDocument();
        } catch (RuntimeException e) { // a key with a NUL, a document past BSON's limits
            throw new Rejected(Rejection.NOT_A_RECORD, "cannot be BSON: " + e.getMessage());
        }
        return output.toByteArray();
    }

    /**
     * {@code log.<channel>}: the topic's text after its first colon, every character outside the type-name rule
     * ({@link TypeNames}) made {@code _}, runs of dots made one, no dot at either end, cut to the longest name
     * allowed; {@code log} when nothing usable is left.
     */
    static String typeName(byte[] topic) {
        String text = new String(topic, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 0) {
            return TYPE_PREFIX;
        }
        StringBuilder channel = new StringBuilder(text.length() - colon);
        text.substring(colon + 1).codePoints().forEach(c -> {
            boolean allowed = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
            char mapped = allowed ? (char) c : '_';
            if (mapped == '.' && (channel.length() == 0 || channel.charAt(channel.length() - 1) == '.')) {
                return;
            }
            channel.append(mapped);
        });
        int most = TypeNames.MAX_LENGTH - TYPE_PREFIX.length() - 1;
        if (channel.length() > most) {
            channel.setLength(most);
        }
        while (channel.length() > 0 && channel.charAt(channel.length() - 1) == '.') {
            channel.setLength(channel.length() - 1);
        }
        String name = TYPE_PREFIX + "." + channel;
        return channel.length() > 0 && TypeNames.isValid(name) ? name : TYPE_PREFIX;
    }

    /**
     * An id as Ziggy's clients make them ({@code ziggy.client.EventIds}, not a dependency of the daemon): 32
     * lowercase hex digits, the first 8 the record's epoch seconds, the rest random.
     */
    static String newId(double createdSeconds) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long seconds = Double.isFinite(createdSeconds) ? (long) createdSeconds : System.currentTimeMillis() / 1000;
        return String.format("%08x%08x%016x", seconds & 0xFFFF_FFFFL, random.nextInt(), random.nextLong());
    }

    private static void writeIfPresent(BsonBinaryWriter writer, String name, JsonNode value) {
        if (value != null && !value.isNull()) {
            writeValue(writer, name, value);
        }
    }

    /** JSON to BSON as a reader expects: int32 when it fits, else int64, double past that; nested as nested. */
    private static void writeValue(BsonBinaryWriter writer, String name, JsonNode value) {
        if (name != null) {
            writer.writeName(name);
        }
        if (value.isTextual()) {
            writer.writeString(value.textValue());
        } else if (value.isIntegralNumber()) {
            if (value.canConvertToInt()) {
                writer.writeInt32(value.intValue());
            } else if (value.canConvertToLong()) {
                writer.writeInt64(value.longValue());
            } else {
                writer.writeDouble(value.doubleValue());
            }
        } else if (value.isNumber()) {
            writer.writeDouble(value.doubleValue());
        } else if (value.isBoolean()) {
            writer.writeBoolean(value.booleanValue());
        } else if (value.isArray()) {
            writer.writeStartArray();
            for (JsonNode element : value) {
                writeValue(writer, null, element);
            }
            writer.writeEndArray();
        } else if (value.isObject()) {
            writer.writeStartDocument();
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                writeValue(writer, field.getKey(), field.getValue());
            }
            writer.writeEndDocument();
        } else {
            writer.writeNull();
        }
    }

    private static String shorten(String text) {
        int line = text.indexOf('\n');
        return line < 0 ? text : text.substring(0, line);
    }
}
