package ziggy.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

/** Every condition is tested twice, on the decoded document (ziggyview) and on the raw event (the drop processor): they must agree. */
class FieldConditionTest {
    private final RawBsonDocument request = document("{type: 'request', host: 'web1', body: {response: {status: 500},"
            + " size: {$numberLong: '1024'}, ratio: 0.5, cached: false, user: null, tags: ['a', 'b'],"
            + " oid: {$oid: '5f1d7a3c9b1e8a0012345678'}}}");

    @Test
    void aNestedNumberMatchesByValueWhateverItsBsonType() {
        assertTrue(holds("body.response.status=500", request));
        assertTrue(holds("body.response.status=500.0", request));
        assertTrue(holds("body.size=1024", request));
        assertTrue(holds("body.ratio=0.50", request));
        assertFalse(holds("body.response.status=200", request));
        assertFalse(holds("body.response.status=abc", request));
    }

    @Test
    void stringsBooleansNullsAndObjectIdsCompareAsWritten() {
        assertTrue(holds("host=web1", request));
        assertFalse(holds("host=web", request));
        assertTrue(holds("body.cached=false", request));
        assertTrue(holds("body.user=null", request));
        assertTrue(holds("body.oid=5f1d7a3c9b1e8a0012345678", request));
        assertTrue(holds("body.tags.1=b", request));
    }

    @Test
    void anEventWithoutTheFieldSatisfiesNeitherEqualsNorDiffers() {
        assertFalse(holds("body.response.missing=1", request));
        assertFalse(holds("host.deeper=1", request));
        assertFalse(holds("body.response.missing!=1", request));
        assertFalse(holds("host.deeper!=1", request));
        assertFalse(holds("body.tags.7!=a", request));
        assertTrue(holds("body.user!=1", request)); // there, and null
        assertTrue(holds("body.response.status!=200", request));
        assertFalse(holds("body.response.status!=500", request));
    }

    @Test
    void anEmptyValueIsAllowedAndAValuesOwnEqualsSignsAreKept() {
        assertFalse(holds("host=", request));
        assertTrue(holds("q=a=b", document("{q: 'a=b'}")));
    }

    @Test
    void malformedConditionsAreMistakes() {
        assertThrows(IllegalArgumentException.class, () -> FieldCondition.parse("status"));
        assertThrows(IllegalArgumentException.class, () -> FieldCondition.parse("=500"));
        assertThrows(IllegalArgumentException.class, () -> FieldCondition.parse("body..status=500"));
        assertThrows(IllegalArgumentException.class, () -> FieldCondition.parse(".status=500"));
    }

    @Test
    void anArrayIndexWithLeadingZerosReadsTheSameElementBothWays() {
        assertTrue(holds("body.tags.01=b", request));
    }

    private static boolean holds(String text, RawBsonDocument event) {
        FieldCondition condition = FieldCondition.parse(text);
        boolean decoded = condition.test(event.decode(new org.bson.codecs.BsonDocumentCodec()));
        boolean raw = condition.test(Event.of(event.getByteBuffer().array(), 0, event.getByteBuffer().remaining()));
        assertEquals(decoded, raw, text + ": the decoded document and the raw event disagree");
        return raw;
    }

    private static RawBsonDocument document(String json) {
        return RawBsonDocument.parse(json);
    }
}
