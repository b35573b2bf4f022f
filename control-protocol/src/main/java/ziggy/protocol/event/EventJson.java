package ziggy.protocol.event;

import java.math.BigDecimal;
import org.bson.BsonDocument;
import org.bson.json.Converter;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.json.StrictJsonWriter;

/**
 * An event as one line of MongoDB's relaxed Extended JSON (the bson library's {@link JsonMode#RELAXED}):
 * plain JSON for what JSON has, and for the rest {@code {"$date": "2026-11-23T10:00:00Z"}},
 * {@code {"$oid": "…"}}, {@code {"$binary": {"base64": "…", "subType": "00"}}},
 * {@code {"$numberDecimal": "12.50"}}; an int64 is a plain number. The one rendering of ziggyview and
 * of ziggyd's {@code --stdout}, so that a line reads the same from both. Strings are escaped as JSON
 * escapes them, so a line never holds a raw newline.
 *
 * <p>Doubles are written as plain decimals, as Python and jq show them ({@code 1796232973.624}, not
 * Java's {@code 1.796232973624E9}): the shortest digits that read back as the same double, without an
 * exponent between 10^-6 and 10^21 (JavaScript's range for plain numbers), with one outside it. NaN
 * and the infinities, which JSON lacks, stay {@code {"$numberDouble": "NaN"}} as in relaxed mode.
 */
public final class EventJson {
    private static final Converter<Double> PLAIN_DOUBLES = EventJson::writeDouble;

    public static final JsonWriterSettings RELAXED = JsonWriterSettings.builder()
            .outputMode(JsonMode.RELAXED)
            .doubleConverter(PLAIN_DOUBLES)
            .build();

    private EventJson() {
    }

    /** The event (or any document) as one line, without the line's end. */
    public static String line(BsonDocument event) {
        return event.toJson(RELAXED);
    }

    /** A finite double as a JSON number: {@code 1796232973.624}, {@code 5.0}, {@code 0.25}, {@code 1.0E-7}. */
    public static String plain(double value) {
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
            return Double.toString(value);
        }
        // BigDecimal.valueOf takes Double.toString's digits: the shortest that read back as the same double.
        String digits = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return digits.indexOf('.') < 0 ? digits + ".0" : digits;
    }

    private static void writeDouble(Double value, StrictJsonWriter writer) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            writer.writeStartObject();
            writer.writeString("$numberDouble", value.toString());
            writer.writeEndObject();
        } else {
            writer.writeNumber(plain(value));
        }
    }
}
