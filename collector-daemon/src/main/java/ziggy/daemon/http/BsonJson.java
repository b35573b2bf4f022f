package ziggy.daemon.http;

import java.util.Map;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A BSON reply as a Jackson tree, for {@code /status}: numbers stay numbers (a non-finite double, which
 * JSON cannot hold, becomes null), datetimes become epoch milliseconds, other BSON-only types their text.
 */
final class BsonJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BsonJson() {
    }

    static ObjectNode toJson(BsonDocument document) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
            object.set(entry.getKey(), toJson(entry.getValue()));
        }
        return object;
    }

    private static JsonNode toJson(BsonValue value) {
        switch (value.getBsonType()) {
            case DOCUMENT:
                return toJson(value.asDocument());
            case ARRAY:
                return toJson(value.asArray());
            case STRING:
                return NODES.textNode(value.asString().getValue());
            case INT32:
                return NODES.numberNode(value.asInt32().getValue());
            case INT64:
                return NODES.numberNode(value.asInt64().getValue());
            case DOUBLE:
                double number = value.asDouble().getValue();
                return Double.isFinite(number) ? NODES.numberNode(number) : NODES.nullNode();
            case BOOLEAN:
                return NODES.booleanNode(value.asBoolean().getValue());
            case DATE_TIME:
                return NODES.numberNode(value.asDateTime().getValue());
            case NULL:
            case UNDEFINED:
                return NODES.nullNode();
            case OBJECT_ID:
                return NODES.textNode(value.asObjectId().getValue().toHexString());
            default:
                return NODES.textNode(value.toString());
        }
    }

    private static ArrayNode toJson(BsonArray array) {
        ArrayNode out = NODES.arrayNode(array.size());
        for (BsonValue item : array) {
            out.add(toJson(item));
        }
        return out;
    }
}
