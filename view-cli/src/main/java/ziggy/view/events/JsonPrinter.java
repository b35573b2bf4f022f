package ziggy.view.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.Writer;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import ziggy.protocol.event.EventJson;

/**
 * Writes events as MongoDB's relaxed Extended JSON (the bson library's {@link JsonMode#RELAXED}):
 * plain JSON for what JSON has, and for the rest {@code {"$date": "2026-11-23T10:00:00Z"}},
 * {@code {"$oid": "…"}}, {@code {"$binary": {"base64": "…", "subType": "00"}}},
 * {@code {"$numberDecimal": "12.50"}}; an int64 is a plain number. One document a line, or indented
 * by Jackson for {@code --pretty}; the one-line rendering is {@link EventJson}'s, which ziggyd's
 * {@code --stdout} shares. Output is buffered; {@link #flush()} pushes it out.
 */
public final class JsonPrinter {
    private final Writer out;
    private final boolean pretty;
    private final JsonFactory jackson = new JsonFactory();

    public JsonPrinter(Writer out, boolean pretty) {
        this.out = out;
        this.pretty = pretty;
    }

    /** The event as one line of relaxed Extended JSON. */
    public static String toJson(RawBsonDocument event) {
        return EventJson.line(event);
    }

    public void print(RawBsonDocument event) throws IOException {
        String json = toJson(event);
        if (pretty) {
            try (JsonParser parser = jackson.createParser(json);
                    JsonGenerator generator = jackson.createGenerator(out)) {
                generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                generator.useDefaultPrettyPrinter();
                parser.nextToken();
                generator.copyCurrentStructure(parser);
            }
        } else {
            out.write(json);
        }
        out.write('\n');
    }

    public void flush() throws IOException {
        out.flush();
    }
}
