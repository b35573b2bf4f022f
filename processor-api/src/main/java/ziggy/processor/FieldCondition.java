package ziggy.processor;

import java.math.BigDecimal;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One condition on an event's field, as ziggyview's {@code --where} and the {@code drop} processor's
 * {@code where=} take it: {@code PATH=VALUE} or {@code PATH!=VALUE}, where PATH is a dotted
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
    private final FieldPath path;
    private final String value;
    private final boolean negated;

    private FieldCondition(String text, FieldPath path, String value, boolean negated) {
        this.text = text;
        this.path = path;
        this.value = value;
        this.negated = negated;
    }

    /** @throws IllegalArgumentException when {@code text} is not PATH=VALUE or PATH!=VALUE */
    public static FieldCondition parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not FIELD=VALUE (e.g. body.response.status=500)");
        }
        boolean negated = text.charAt(equals - 1) == '!';
        String field = text.substring(0, negated ? equals - 1 : equals);
        return new FieldCondition(text, FieldPath.of(field), text.substring(equals + 1), negated);
    }

    /** The field the condition reads. */
    public FieldPath path() {
        return path;
    }

    /** Reads the field from the raw event, decoding only that value. */
    public boolean test(Event event) {
        return holdsFor(event.field(path));
    }

    public boolean test(BsonDocument event) {
        return holdsFor(lookup(event));
    }

    /** Whether the condition holds for {@code found}, the field's value (null when the event has none). */
    public boolean holdsFor(BsonValue found) {
        return found != null && negated != equalsValue(found);
    }

    private BsonValue lookup(BsonDocument event) {
        BsonValue current = event;
        for (String step : path.steps()) {
            if (current.isDocument()) {
                current = current.asDocument().get(step);
            } else if (current.isArray() && FieldPath.isIndex(step)) {
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

    @Override
    public String toString() {
        return text;
    }
}
