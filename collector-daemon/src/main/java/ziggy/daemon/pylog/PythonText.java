package ziggy.daemon.pylog;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Python's {@code str()} and {@code repr()} of the values {@code json.dumps} can carry: what a record's
 * {@code msg} and its {@code %s}/{@code %r} arguments print as in Python. A tuple arrives as a JSON array
 * and so prints as a list, which is as close as the JSON lets us get.
 */
final class PythonText {
    private PythonText() {
    }

    /** {@code str(value)}. */
    static String str(JsonNode value) {
        return value.isTextual() ? value.textValue() : repr(value);
    }

    /** {@code repr(value)}. */
    static String repr(JsonNode value) {
        StringBuilder out = new StringBuilder();
        appendRepr(out, value);
        return out.toString();
    }

    /** {@code ascii(value)}: the repr with every non-ASCII character escaped. */
    static String ascii(JsonNode value) {
        String repr = repr(value);
        StringBuilder out = new StringBuilder(repr.length());
        repr.codePoints().forEach(c -> {
            if (c < 0x80) {
                out.append((char) c);
            } else {
                appendEscape(out, c);
            }
        });
        return out.toString();
    }

    private static void appendRepr(StringBuilder out, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            out.append("None");
        } else if (value.isBoolean()) {
            out.append(value.booleanValue() ? "True" : "False");
        } else if (value.isIntegralNumber()) {
            out.append(value.bigIntegerValue());
        } else if (value.isNumber()) {
            out.append(floatRepr(value.doubleValue()));
        } else if (value.isTextual()) {
            appendStringRepr(out, value.textValue());
        } else if (value.isArray()) {
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                appendRepr(out, value.get(i));
            }
            out.append(']');
        } else if (value.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            boolean first = true;
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!first) {
                    out.append(", ");
                }
                first = false;
                appendStringRepr(out, field.getKey());
                out.append(": ");
                appendRepr(out, field.getValue());
            }
            out.append('}');
        } else {
            appendStringRepr(out, value.asText());
        }
    }

    /** Python's string repr: single quotes unless the text holds one and no double quote; unprintables escaped. */
    static void appendStringRepr(StringBuilder out, String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        text.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (isPrintable(c)) {
                out.appendCodePoint(c);
            } else {
                appendEscape(out, c);
            }
        });
        out.append(quote);
    }

    private static void appendEscape(StringBuilder out, int c) {
        if (c < 0x100) {
            out.append(String.format("\\x%02x", c));
        } else if (c < 0x10000) {
            out.append(String.format("\\u%04x", c));
        } else {
            out.append(String.format("\\U%08x", c));
        }
    }

    /** Python's {@code str.isprintable} for one character: not Cc, Cf, Cs, Co, Cn, Zl, Zp, nor Zs but the space. */
    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /**
     * {@code repr(float)}: the shortest digits that read back as the same double, fixed notation for decimal
     * exponents -4..15, else {@code 1e+16} style; always a point or an exponent ({@code 100.0}).
     */
    static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                shortest = rounded;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // of the first digit
        String sign = value < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.abs().toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }
}
