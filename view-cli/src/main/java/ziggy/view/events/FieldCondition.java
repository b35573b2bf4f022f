package ziggy.view.events;

import java.math.BigDecimal;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One {@code --where} condition: {@code PATH=VALUE} or {@code PATH!=VALUE}, where PATH is a dotted
 * path into the event ({@code body.response.status}; a number steps into an array) and VALUE is
 * compared by the type the field has: strings as text, numbers by value ({@code 500} matches the
 * int32, int64, double or decimal 500), booleans as {@code true}/{@code false}, {@code null} as
 * BSON null, an ObjectId by its hex. Both forms ask about a field the event has: an event without
 * it satisfies neither {@code f=200} nor {@code f!=200}, as a NULL satisfies neither in SQL:
 * {@code body.response.status!=200} lists the requests that did not answer 200, not every event
 * that has no status.
 */
public final class FieldCondition {
    private final String text;
    private final String[] path;
    private final String value;
    private final boolean negated;

    private FieldCondition(String text, String[] path, String value, boolean negated) {
        this.text = text;
        this.path = path;
        this.value = value;
        this.negated = negated;
    }

    /** @throws IllegalArgumentException when {@code text} is not PATH=VALUE or PATH!=VALUE */
    public static FieldCondition parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--where: '" + text + "' is not FIELD=VALUE (e.g. body.response.status=500)");
        }
        boolean negated = text.charAt(equals - 1) == '!';
        String field = text.substring(0, negated ? equals - 1 : equals);
        if (field.isEmpty() || field.startsWith(".") || field.endsWith(".") || field.contains("..")) {
            throw new IllegalArgumentException("--where: '" + field + "' is not a dotted field path (e.g. body.response.status)");
        }
        return new FieldCondition(text, field.split("\\."), text.substring(equals + 1), negated);
    }

    public boolean test(BsonDocument event) {
        BsonValue found = lookup(event);
        return found != null && negated != equalsValue(found);
    }

    private BsonValue lookup(BsonDocument event) {
        BsonValue current = event;
        for (String step : path) {
            if (current.isDocument()) {
                current = current.asDocument().get(step);
            } else if (current.isArray() && isIndex(step)) {
                int index = Integer.parseInt(step);
                current = index < current.asArray().size() ? current.asArray().get(index) : null;
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private boolean equalsValue(BsonValue found) {
        switch (found.getBsonType()) {
            case STRING:
                return found.asString().getValue().equals(value);
            case INT32:
            case INT64:
            case DOUBLE:
            case DECIMAL128:
                return numericallyEqual(found);
            case BOOLEAN:
                return String.valueOf(found.asBoolean().getValue()).equals(value);
            case NULL:
                return value.equals("null");
            case OBJECT_ID:
                return found.asObjectId().getValue().toHexString().equalsIgnoreCase(value);
            default:
                return false;
        }
    }

    private boolean numericallyEqual(BsonValue found) {
        BigDecimal wanted;
        try {
            wanted = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return false;
        }
        BigDecimal actual;
        switch (found.getBsonType()) {
            case INT32:
                actual = BigDecimal.valueOf(found.asInt32().getValue());
                break;
            case INT64:
                actual = BigDecimal.valueOf(found.asInt64().getValue());
                break;
            case DOUBLE:
                double d = found.asDouble().getValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return false;
                }
                actual = BigDecimal.valueOf(d);
                break;
            default:
                org.bson.types.Decimal128 decimal = found.asDecimal128().getValue();
                if (decimal.isNaN() || decimal.isInfinite()) {
                    return false;
                }
                try {
                    actual = decimal.bigDecimalValue();
                } catch (ArithmeticException negativeZero) { // BigDecimal has no -0
                    actual = BigDecimal.ZERO;
                }
        }
        return actual.compareTo(wanted) == 0;
    }

    private static boolean isIndex(String step) {
        return !step.isEmpty() && step.length() < 10 && step.chars().allMatch(Character::isDigit);
    }

    @Override
    public String toString() {
        return text;
    }
}
