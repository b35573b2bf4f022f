package ziggy.daemon.pylog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
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
    /** Copied into the body as they are, when not null. */
    private static final Set<String> COPIED = Set.of("pathname", "filename", "module", "lineno", "funcName", "thread",
            "threadName", "processName", "exc_text", "stack_info");
    /** Names the body gives to record fields: an extra key of the same name goes in as {@code extra_<key>}. */
    private static final Set<String> BODY_NAMES = Set.of("level", "levelno", "logger", "message", "pathname", "filename",
            "module", "lineno", "funcName", "thread", "threadName", "processName", "exc_text", "stack_info");
    static final String TYPE_PREFIX = "log";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

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
    // Every record has three floats (created, msecs, relativeCreated); the fast parser reads them exactly, in a fraction
    // of the JDK's time.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private final String hostname;
    private final BsonOut output = new BsonOut();
    private final BsonOut copied = new BsonOut();
    private final BsonOut extras = new BsonOut();
    /** The last topic and its type name: a publisher sends a handful of topics, again and again. */
    private byte[] lastTopic = new byte[0];
    private String lastType = TYPE_PREFIX;
    /** Whether the last {@link #encode} could not format its message and kept {@code msg}. */
    private boolean formatFailed;

    LogRecordEvent(String hostname) {
        this.hostname = hostname;
    }

    boolean formatFailed() {
        return formatFailed;
    }

    /**
     * The event's BSON bytes, or {@link Rejected} with the reason. The JSON is read as a stream, each extra key
     * written to BSON as it passes; only {@code msg} and {@code args} become trees, for the formatting. (A tree of
     * the whole record cost twice as much.)
     */
    byte[] encode(byte[] topic, byte[] record) throws Rejected {
        extras.reset();
        copied.reset();
        JsonNode msg = null;
        JsonNode args = null;
        String levelname = null;
        String logger = null;
        String host = null;
        long levelno = Long.MIN_VALUE;
        long process = Long.MIN_VALUE;
        double created = Double.NaN;
        boolean hasCreated = false;
        try (JsonParser parser = JSON.createParser(record)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                if (parser.nextToken() != null) {
                    throw new Rejected(Rejection.NOT_JSON, "not one JSON value");
                }
                throw new Rejected(Rejection.NOT_A_RECORD, "a JSON " + parser.currentToken() + ", not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (key) {
                    case "msg" -> msg = parser.readValueAsTree();
                    case "args" -> args = parser.readValueAsTree();
                    case "levelname" -> levelname = token == JsonToken.VALUE_STRING ? parser.getText() : skip(parser, null);
                    case "name" -> logger = token == JsonToken.VALUE_STRING ? parser.getText() : skip(parser, null);
                    case "levelno" -> levelno = token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : skip(parser, levelno);
                    case "process" -> process = token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : skip(parser, process);
                    case "created" -> {
                        hasCreated = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
                        created = hasCreated ? parser.getDoubleValue() : skip(parser, created);
                    }
                    default -> {
                        if (COPIED.contains(key)) {
                            if (token != JsonToken.VALUE_NULL) {
                                write(parser, copied, key);
                            }
                        } else if (STANDARD.contains(key)) {
                            parser.skipChildren();
                        } else {
                            if (key.equals("host") && token == JsonToken.VALUE_STRING) {
                                host = parser.getText();
                            }
                            write(parser, extras, BODY_NAMES.contains(key) ? "extra_" + key : key);
                        }
                    }
                }
            }
            if (parser.nextToken() != null) {
                throw new Rejected(Rejection.NOT_JSON, "more than one JSON value");
            }
        } catch (IOException e) {
            throw new Rejected(Rejection.NOT_JSON, e.getMessage() == null ? e.toString() : shorten(e.getMessage()));
        } catch (IllegalArgumentException e) { // a key with a NUL, nesting past BsonOut's depth
            throw new Rejected(Rejection.NOT_A_RECORD, "cannot be BSON: " + e.getMessage());
        }
        if (msg == null || levelname == null || !hasCreated) {
            throw new Rejected(Rejection.NOT_A_RECORD, "no msg, levelname (a string) or created (a number)");
        }
        String message;
        try {
            message = PercentFormat.message(msg, args);
            formatFailed = false;
        } catch (PercentFormat.FormatFailure e) {
            message = PythonText.str(msg);
            formatFailed = true;
        }
        output.reset();
        output.startDocument();
        if (!java.util.Arrays.equals(topic, lastTopic)) {
            lastType = typeName(topic);
            lastTopic = topic;
        }
        output.string("type", lastType);
        output.string("id", newId(created));
        output.string("host", host != null && !host.isEmpty() ? host : hostname);
        if (process != Long.MIN_VALUE) {
            integer(output, "pid", process);
        }
        output.float64("start", created);
        output.float64("end", created);
        output.startDocument("body", false);
        output.string("level", levelname);
        if (levelno != Long.MIN_VALUE) {
            integer(output, "levelno", levelno);
        }
        if (logger != null) {
            output.string("logger", logger);
        }
        output.string("message", message);
        output.append(copied);
        output.append(extras);
        output.endDocument();
        output.endDocument();
        return output.toByteArray();
    }

    private static <T> T skip(JsonParser parser, T value) throws IOException {
        parser.skipChildren();
        return value;
    }

    private static void integer(BsonOut out, String name, long value) {
        if (value == (int) value) {
            out.int32(name, (int) value);
        } else {
            out.int64(name, value);
        }
    }

    /**
     * The value at the parser's current token as BSON, named {@code name}: ints as int32 when they fit, else int64,
     * double past that; floats (NaN and infinities included, as json.dumps writes them) as double; nested as nested.
     */
    private static void write(JsonParser parser, BsonOut out, String name) throws IOException {
        switch (parser.currentToken()) {
            case VALUE_STRING -> out.string(name, parser.getText());
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType type = parser.getNumberType();
                if (type == JsonParser.NumberType.INT) {
                    out.int32(name, parser.getIntValue());
                } else if (type == JsonParser.NumberType.LONG) {
                    out.int64(name, parser.getLongValue());
                } else {
                    out.float64(name, parser.getDoubleValue());
                }
            }
            case VALUE_NUMBER_FLOAT -> out.float64(name, parser.getDoubleValue());
            case VALUE_TRUE -> out.bool(name, true);
            case VALUE_FALSE -> out.bool(name, false);
            case START_OBJECT -> {
                out.startDocument(name, false);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    write(parser, out, key);
                }
                out.endDocument();
            }
            case START_ARRAY -> {
                out.startDocument(name, true);
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    write(parser, out, Integer.toString(index++));
                }
                out.endDocument();
            }
            default -> out.nil(name);
        }
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
        byte[] hex = new byte[32];
        writeHex(hex, 0, seconds << 32 | (random.nextInt() & 0xFFFF_FFFFL));
        writeHex(hex, 16, random.nextLong());
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    private static void writeHex(byte[] into, int at, long value) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    private static String shorten(String text) {
        int line = text.indexOf('\n');
        return line < 0 ? text : text.substring(0, line);
    }
}
