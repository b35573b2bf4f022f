package ziggy.daemon.stdout;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

import ziggy.protocol.event.EventJson;

/**
 * Renders one event as the one line {@code --stdout} writes for it, without the line's end.
 * <ul>
 *   <li>{@link StdoutFormat#JSON}: the event as relaxed Extended JSON ({@link EventJson}, as ziggyview).</li>
 *   <li>{@link StdoutFormat#TEXT}: an event of type {@code log} or {@code log.*} (a Python logging record:
 *       {@code body.level}, {@code body.logger}, {@code body.message}, {@code start} the record's time) as
 *       {@code 2026-12-02T17:00:00.123Z INFO app.db: message}; any other event as its JSON line.</li>
 * </ul>
 * In a text line the message's line breaks are written {@code \n} and {@code \r}, so that one event stays
 * one line. A missing field degrades: no finite {@code start} gives {@code -} for the time, no level
 * {@code -}, no logger the event's type, no message the body as JSON (or nothing without a body); a field
 * that is not a string is written as JSON. Writer thread only: not thread-safe.
 */
public final class EventLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] LOG = {'l', 'o', 'g'};

    private final StringBuilder line = new StringBuilder(256);

    /** The line of {@code event}, whose type's bytes are {@code type}. */
    public String render(byte[] type, byte[] event, StdoutFormat format) {
        RawBsonDocument document = new RawBsonDocument(event);
        if (format != StdoutFormat.TEXT || !isLogType(type)) {
            return EventJson.line(document);
        }
        line.setLength(0);
        BsonValue start = document.get("start");
        if (start != null && start.isNumber() && Double.isFinite(start.asNumber().doubleValue())) {
            double seconds = start.asNumber().doubleValue();
            long millis = (long) Math.floor(seconds * 1000);
            try {
                line.append(TIME.format(Instant.ofEpochMilli(millis)));
            } catch (RuntimeException e) { // beyond what an Instant formats: say nothing of it
                line.append('-');
            }
        } else {
            line.append('-');
        }
        BsonValue bodyValue = document.get("body");
        BsonDocument body = bodyValue != null && bodyValue.isDocument() ? bodyValue.asDocument() : new BsonDocument();
        line.append(' ');
        appendField(body.get("level"), "-");
        line.append(' ');
        appendField(body.get("logger"), new String(type, java.nio.charset.StandardCharsets.US_ASCII));
        line.append(": ");
        BsonValue message = body.get("message");
        if (message != null) {
            appendField(message, "");
        } else if (bodyValue != null && bodyValue.isDocument()) {
            line.append(body.toJson(EventJson.RELAXED));
        }
        return line.toString();
    }

    /** Whether the type is {@code log} or begins {@code log.}. */
    static boolean isLogType(byte[] type) {
        if (type.length < LOG.length || type[0] != 'l' || type[1] != 'o' || type[2] != 'g') {
            return false;
        }
        return type.length == LOG.length || type[LOG.length] == '.';
    }

    private void appendField(BsonValue value, String missing) {
        if (value == null || value.isNull()) {
            line.append(missing);
        } else if (value.isString()) {
            appendEscaped(value.asString().getValue());
        } else {
            // A number (Python's levelno), a document: its JSON, which has no raw line break.
            String json = new BsonDocument("v", value).toJson(EventJson.RELAXED);
            line.append(json, "{\"v\": ".length(), json.length() - 1);
        }
    }

    private void appendEscaped(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else {
                line.append(c);
            }
        }
    }
}
