package ziggy.ctl;

import java.util.Locale;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * How {@code ziggyctl status} writes the values of a STATUS reply: counts with thousands
 * separators, sizes in binary units, durations in their two largest units. A value that is missing
 * or not a number prints as {@code ?}, never as an error: the table must render whatever the daemon sent.
 */
final class Figures {
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private Figures() {
    }

    /** {@code 4 s}, {@code 2 min 05 s}, {@code 3 h 02 min}, {@code 5 d 03 h}: the two largest units. */
    static String duration(double seconds) {
        long s = (long) Math.floor(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3600);
    }

    static String count(BsonValue value) {
        return value != null && value.isNumber() ? count(value.asNumber().longValue()) : "?";
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 1 source}, {@code 2 sources}, {@code ? sources}: a count with its noun. */
    static String count(BsonValue value, String one, String many) {
        boolean single = value != null && value.isNumber() && value.asNumber().longValue() == 1;
        return count(value) + " " + (single ? one : many);
    }

    static String bytes(BsonValue value) {
        if (value == null || !value.isNumber()) {
            return "? bytes";
        }
        long n = value.asNumber().longValue();
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double scaled = n;
        int unit = -1;
        while (scaled >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", scaled, units[unit]);
    }

    /** Any value on one line: text as is, whole numbers counted, booleans as yes/no, the rest as relaxed JSON. */
    static String scalar(BsonValue value) {
        if (value.isString()) {
            return value.asString().getValue();
        }
        if (value.isInt32() || value.isInt64()) {
            return count(value);
        }
        if (value.isDouble()) {
            return String.format(Locale.ROOT, "%.3f", value.asDouble().getValue());
        }
        if (value.isBoolean()) {
            return value.asBoolean().getValue() ? "yes" : "no";
        }
        if (value.isNull()) {
            return "none";
        }
        return new BsonDocument("v", value).toJson(RELAXED).replaceFirst("^\\{\"v\": ", "").replaceFirst("}$", "");
    }

    static Double number(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isNumber() ? value.asNumber().doubleValue() : null;
    }

    static Long whole(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isNumber() ? value.asNumber().longValue() : null;
    }
}
