package ziggy.view.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.Writer;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import ziggy.protocol.event.EventJson;

/**
 * Writes events as MongoDB's relaxed Extended JSON (the bson library's {@link JsonMode#RELAXED}):
 * plain JSON for what JSON has, and for the rest {@code {"$date": "2026-11-23T10:00:00Z"}},
 * {@code {"$oid": "…"}}, {@code {"$binary": {"base64": "…", "subType": "00"}}},
 * {@code {"$numberDecimal": "12.50"}}; an int64 is a plain number; a double a plain decimal
 * ({@code 1796232973.624}). One document a line, or indented for {@code --pretty} in the common
 * {@code "key": value} form; the one-line rendering is {@link EventJson}'s, which ziggyd's
 * {@code --stdout} shares. Output is buffered; {@link #flush()} pushes it out.
 */
public final class JsonPrinter implements EventOutput {
    private static final JsonFactory JACKSON = new JsonFactory();
    /** Jackson's default writes {@code "key" : value}; people and most tools write {@code "key": value}. */
    private static final Separators SEPARATORS = Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER);

    private final Writer out;
    private final boolean pretty;

    public JsonPrinter(Writer out, boolean pretty) {
        this.out = out;
        this.pretty = pretty;
    }

    /** The event as one line of relaxed Extended JSON. */
    public static String toJson(RawBsonDocument event) {
        return EventJson.line(event);
    }

    @Override
    public void print(RawBsonDocument event) throws IOException {
        String json = toJson(event);
        if (pretty) {
            writePretty(json, out);
        } else {
            out.write(json);
        }
        out.write('\n');
    }

    /**
     * Indents one JSON document, two spaces a level, {@code "key": value}; numbers keep their text
     * (Jackson's own copy would turn {@code 1796232973.624} back into {@code 1.796232973624E9}).
     */
    public static void writePretty(String json, Writer out) throws IOException {
        try (JsonParser parser = JACKSON.createParser(json);
                JsonGenerator generator = JACKSON.createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.setPrettyPrinter(new DefaultPrettyPrinter(SEPARATORS));
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
                    generator.writeNumber(parser.getText());
                } else {
                    generator.copyCurrentEvent(parser);
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
