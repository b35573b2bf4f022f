package ziggy.daemon.pylog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Python's {@code LogRecord.getMessage()}: {@code str(msg)}, then {@code % args} when {@code args} is not
 * empty, with printf-style formatting as CPython's {@code str.__mod__} does it: conversions {@code %s %r %a
 * %d %i %u %f %F %e %E %g %G %x %X %o %c %%}, flags {@code -+ #0}, width and precision (numbers or {@code *}),
 * {@code %(key)s} against a mapping. An array of args is the tuple, an object the single dict argument
 * (LogRecord unwraps {@code (dict,)}); anything else is one argument. Where Python would raise
 * (too few or too many arguments, a number for a string, an unknown conversion), this throws
 * {@link FormatFailure} and the caller keeps {@code msg} unformatted.
 */
final class PercentFormat {
    private static final int DEFAULT_PRECISION = 6;

    /** Python would have raised: the message cannot be formatted. */
    static final class FormatFailure extends Exception {
        private static final long serialVersionUID = 1L;

        FormatFailure(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String format;
    private final JsonNode args;
    private final boolean tuple;
    private final boolean mapping;
    private int nextArg;
    private boolean singleUsed;
    private int at;

    private PercentFormat(String format, JsonNode args) {
        this.format = format;
        this.args = args;
        this.tuple = args.isArray();
        this.mapping = args.isObject();
    }

    /** What {@code LogRecord(msg=msg, args=args).getMessage()} returns. */
    static String message(JsonNode msg, JsonNode args) throws FormatFailure {
        String text = PythonText.str(msg);
        return isTruthy(args) ? new PercentFormat(text, args).run() : text;
    }

    /** Python's {@code if self.args:}. */
    private static boolean isTruthy(JsonNode args) {
        if (args == null || args.isNull() || args.isMissingNode()) {
            return false;
        }
        if (args.isContainerNode()) {
            return args.size() > 0;
        }
        if (args.isTextual()) {
            return !args.textValue().isEmpty();
        }
        if (args.isBoolean()) {
            return args.booleanValue();
        }
        return !args.isNumber() || args.doubleValue() != 0;
    }

    private String run() throws FormatFailure {
        StringBuilder out = new StringBuilder(format.length() + 32);
        int n = format.length();
        while (at < n) {
            char c = format.charAt(at++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            spec(out);
        }
        if (tuple ? nextArg < args.size() : !mapping && !singleUsed) {
            throw new FormatFailure("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    /** One conversion, {@code at} just past its {@code %}. */
    private void spec(StringBuilder out) throws FormatFailure {
        JsonNode keyed = null;
        if (peek() == '(') {
            if (!mapping) {
                throw new FormatFailure("format requires a mapping");
            }
            int depth = 1;
            int start = ++at;
            while (at < format.length() && depth > 0) {
                char c = format.charAt(at++);
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            if (depth > 0) {
                throw new FormatFailure("incomplete format key");
            }
            keyed = args.get(format.substring(start, at - 1));
            if (keyed == null) {
                throw new FormatFailure("KeyError: " + format.substring(start, at - 1));
            }
        }
        boolean left = false;
        boolean plus = false;
        boolean space = false;
        boolean alternate = false;
        boolean zero = false;
        for (boolean flag = true; flag; ) {
            switch (peek()) {
                case '-' -> left = true;
                case '+' -> plus = true;
                case ' ' -> space = true;
                case '#' -> alternate = true;
                case '0' -> zero = true;
                default -> flag = false;
            }
            if (flag) {
                at++;
            }
        }
        int width = -1;
        if (peek() == '*') {
            at++;
            width = intArg(keyed);
            if (width < 0) {
                left = true;
                width = -width;
            }
        } else {
            width = digits();
        }
        int precision = -1;
        if (peek() == '.') {
            at++;
            if (peek() == '*') {
                at++;
                precision = Math.max(0, intArg(keyed));
            } else {
                precision = Math.max(0, digits());
            }
        }
        while (peek() == 'h' || peek() == 'l' || peek() == 'L') {
            at++;
        }
        if (at >= format.length()) {
            throw new FormatFailure("incomplete format");
        }
        char conversion = format.charAt(at++);
        if (conversion == '%') {
            out.append('%');
            return;
        }
        JsonNode arg = keyed != null ? keyed : next();
        String sign = "";
        String prefix = "";
        String body;
        boolean numeric = true;
        switch (conversion) {
            case 's', 'r', 'a' -> {
                numeric = false;
                body = conversion == 's' ? PythonText.str(arg) : conversion == 'r' ? PythonText.repr(arg) : PythonText.ascii(arg);
                if (precision >= 0 && body.codePointCount(0, body.length()) > precision) {
                    body = body.substring(0, body.offsetByCodePoints(0, precision));
                }
            }
            case 'c' -> {
                numeric = false;
                body = character(arg);
            }
            case 'd', 'i', 'u', 'x', 'X', 'o' -> {
                BigInteger value = integer(arg, conversion);
                sign = value.signum() < 0 ? "-" : plus ? "+" : space ? " " : "";
                int radix = conversion == 'o' ? 8 : conversion == 'x' || conversion == 'X' ? 16 : 10;
                body = value.abs().toString(radix);
                if (conversion == 'X') {
                    body = body.toUpperCase(java.util.Locale.ROOT);
                }
                if (alternate && radix != 10) {
                    prefix = "0" + conversion;
                }
                if (precision > body.length()) {
                    body = "0".repeat(precision - body.length()) + body;
                }
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                double value = real(arg, conversion);
                boolean negative = Double.doubleToRawLongBits(value) < 0 && !Double.isNaN(value);
                sign = negative ? "-" : plus ? "+" : space ? " " : "";
                body = real(Math.abs(value), conversion, precision < 0 ? DEFAULT_PRECISION : precision, alternate);
                if (!Double.isFinite(value)) {
                    zero = false;
                }
            }
            default -> throw new FormatFailure("unsupported format character '" + conversion + "'");
        }
        pad(out, sign + prefix, body, width, left, zero && numeric);
    }

    private static void pad(StringBuilder out, String head, String body, int width, boolean left, boolean zero) {
        int length = head.codePointCount(0, head.length()) + body.codePointCount(0, body.length());
        int fill = Math.max(0, width - length);
        if (left) {
            out.append(head).append(body).append(" ".repeat(fill));
        } else if (zero) {
            out.append(head).append("0".repeat(fill)).append(body);
        } else {
            out.append(" ".repeat(fill)).append(head).append(body);
        }
    }

    private char peek() {
        return at < format.length() ? format.charAt(at) : '\0';
    }

    private int digits() throws FormatFailure {
        int start = at;
        while (at < format.length() && Character.isDigit(format.charAt(at)) && format.charAt(at) < 128) {
            at++;
        }
        if (start == at) {
            return -1;
        }
        try {
            return Integer.parseInt(format, start, at, 10);
        } catch (NumberFormatException e) {
            throw new FormatFailure("width too big");
        }
    }

    private JsonNode next() throws FormatFailure {
        if (tuple) {
            if (nextArg >= args.size()) {
                throw new FormatFailure("not enough arguments for format string");
            }
            return args.get(nextArg++);
        }
        if (singleUsed) {
            throw new FormatFailure("not enough arguments for format string");
        }
        singleUsed = true;
        return args;
    }

    /** A {@code *} width or precision, which takes the next argument (never a mapping's value). */
    private int intArg(JsonNode keyed) throws FormatFailure {
        JsonNode value = keyed != null ? args : next();
        if (keyed != null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new FormatFailure("* wants int");
        }
        return value.intValue();
    }

    private static BigInteger integer(JsonNode arg, char conversion) throws FormatFailure {
        if (arg.isBoolean()) {
            return arg.booleanValue() ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (arg.isIntegralNumber()) {
            return arg.bigIntegerValue();
        }
        if (arg.isNumber() && (conversion == 'd' || conversion == 'i' || conversion == 'u')) {
            double value = arg.doubleValue();
            if (!Double.isFinite(value)) {
                throw new FormatFailure("cannot convert float " + value + " to integer");
            }
            return new BigDecimal(value).toBigInteger();
        }
        throw new FormatFailure("%" + conversion + " format: a number is required, not " + typeName(arg));
    }

    private static double real(JsonNode arg, char conversion) throws FormatFailure {
        if (arg.isBoolean()) {
            return arg.booleanValue() ? 1 : 0;
        }
        if (arg.isNumber()) {
            return arg.doubleValue();
        }
        throw new FormatFailure("%" + conversion + " format: a real number is required, not " + typeName(arg));
    }

    private static String character(JsonNode arg) throws FormatFailure {
        if (arg.isIntegralNumber() || arg.isBoolean()) {
            BigInteger code = integer(arg, 'd');
            if (code.signum() < 0 || code.compareTo(BigInteger.valueOf(Character.MAX_CODE_POINT)) > 0) {
                throw new FormatFailure("%c arg not in range(0x110000)");
            }
            return new String(Character.toChars(code.intValue()));
        }
        if (arg.isTextual() && arg.textValue().codePointCount(0, arg.textValue().length()) == 1) {
            return arg.textValue();
        }
        throw new FormatFailure("%c requires an int or a unicode character");
    }

    private static String typeName(JsonNode arg) {
        return arg.isTextual() ? "str" : arg.isNull() ? "NoneType" : arg.isArray() ? "list" : arg.isObject() ? "dict"
                : arg.getNodeType().toString();
    }

    /** The digits of a non-negative double (or nan, inf) for e, f or g, as CPython rounds: the exact value, half even. */
    static String real(double value, char conversion, int precision, boolean alternate) {
        boolean upper = Character.isUpperCase(conversion);
        String text;
        if (Double.isNaN(value)) {
            text = "nan";
        } else if (Double.isInfinite(value)) {
            text = "inf";
        } else {
            BigDecimal exact = new BigDecimal(value);
            text = switch (Character.toLowerCase(conversion)) {
                case 'f' -> fixed(exact, precision, alternate);
                case 'e' -> scientific(exact, precision, alternate);
                default -> general(exact, precision == 0 ? 1 : precision, alternate);
            };
        }
        return upper ? text.toUpperCase(java.util.Locale.ROOT) : text;
    }

    private static String fixed(BigDecimal exact, int precision, boolean alternate) {
        String text = exact.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return precision == 0 && alternate ? text + "." : text;
    }

    private static String scientific(BigDecimal exact, int precision, boolean alternate) {
        String digits;
        int exponent;
        if (exact.signum() == 0) {
            digits = "0".repeat(precision + 1);
            exponent = 0;
        } else {
            BigDecimal rounded = exact.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            digits = rounded.unscaledValue().toString();
            exponent = digits.length() - 1 - rounded.scale();
            digits = digits.length() > precision + 1 ? digits.substring(0, precision + 1)
                    : digits + "0".repeat(precision + 1 - digits.length());
        }
        StringBuilder out = new StringBuilder().append(digits.charAt(0));
        if (precision > 0 || alternate) {
            out.append('.').append(digits, 1, digits.length());
        }
        int magnitude = Math.abs(exponent);
        return out.append('e').append(exponent < 0 ? '-' : '+').append(magnitude < 10 ? "0" : "").append(magnitude).toString();
    }

    private static String general(BigDecimal exact, int precision, boolean alternate) {
        int exponent = 0;
        if (exact.signum() != 0) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            exponent = rounded.precision() - 1 - rounded.scale();
        }
        String text;
        if (exponent >= -4 && exponent < precision) {
            text = fixed(exact, precision - 1 - exponent, alternate);
        } else {
            text = scientific(exact, precision - 1, alternate);
        }
        if (alternate) {
            return text;
        }
        int e = text.indexOf('e');
        String mantissa = e < 0 ? text : text.substring(0, e);
        String tail = e < 0 ? "" : text.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            int end = mantissa.length();
            while (mantissa.charAt(end - 1) == '0') {
                end--;
            }
            if (mantissa.charAt(end - 1) == '.') {
                end--;
            }
            mantissa = mantissa.substring(0, end);
        }
        return mantissa + tail;
    }
}
