package ziggy.protocol.event;

import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * An event as one line of MongoDB's relaxed Extended JSON (the bson library's {@link JsonMode#RELAXED}):
 * plain JSON for what JSON has, and for the rest {@code {"$date": "2026-11-23T10:00:00Z"}},
 * {@code {"$oid": "…"}}, {@code {"$binary": {"base64": "…", "subType": "00"}}},
 * {@code {"$numberDecimal": "12.50"}}; an int64 is a plain number. The one rendering of ziggyview and
 * of ziggyd's {@code --stdout}, so that a line reads the same from both. Strings are escaped as JSON
 * escapes them, so a line never holds a raw newline.
 */
public final class EventJson {
    public static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private EventJson() {
    }

    /** The event as one line, without the line's end. */
    public static String line(RawBsonDocument event) {
        return event.toJson(RELAXED);
    }
}
