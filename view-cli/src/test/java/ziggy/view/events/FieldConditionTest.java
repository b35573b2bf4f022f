package ziggy.view.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.testing.TestEvents.document;

import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

class FieldConditionTest {
    private final RawBsonDocument request = document("{type: 'request', host: 'web1', body: {response: {status: 500},"
            + " size: {$numberLong: '1024'}, ratio: 0.5, cached: false, user: null, tags: ['a', 'b'],"
            + " oid: {$oid: '5f1d7a3c9b1e8a0012345678'}}}");

    @Test
    void aNestedNumberMatchesByValueWhateverItsBsonType() {
        assertTrue(FieldCondition.parse("body.response.status=500").test(request));
        assertTrue(FieldCondition.parse("body.response.status=500.0").test(request));
        assertTrue(FieldCondition.parse("body.size=1024").test(request));
        assertTrue(FieldCondition.parse("body.ratio=0.50").test(request));
        assertFalse(FieldCondition.parse("body.response.status=200").test(request));
        assertFalse(FieldCondition.parse("body.response.status=abc").test(request));
    }

    @Test
    void stringsBooleansNullsAndObjectIdsCompareAsWritten() {
        assertTrue(FieldCondition.parse("host=web1").test(request));
        assertFalse(FieldCondition.parse("host=web").test(request));
        assertTrue(FieldCondition.parse("body.cached=false").test(request));
        assertTrue(FieldCondition.parse("body.user=null").test(request));
        assertTrue(FieldCondition.parse("body.oid=5f1d7a3c9b1e8a0012345678").test(request));
        assertTrue(FieldCondition.parse("body.tags.1=b").test(request));
    }

    @Test
    void anEventWithoutTheFieldSatisfiesNeitherEqualsNorDiffers() {
        assertFalse(FieldCondition.parse("body.response.missing=1").test(request));
        assertFalse(FieldCondition.parse("host.deeper=1").test(request));
        assertFalse(FieldCondition.parse("body.response.missing!=1").test(request));
        assertFalse(FieldCondition.parse("host.deeper!=1").test(request));
        assertFalse(FieldCondition.parse("body.tags.7!=a").test(request));
        assertTrue(FieldCondition.parse("body.user!=1").test(request)); // there, and null
        assertTrue(FieldCondition.parse("body.response.status!=200").test(request));
        assertFalse(FieldCondition.parse("body.response.status!=500").test(request));
    }

    @Test
    void anEmptyValueIsAllowedAndAValuesOwnEqualsSignsAreKept() {
        assertFalse(FieldCondition.parse("host=").test(request));
        assertTrue(FieldCondition.parse("q=a=b").test(document("{q: 'a=b'}")));
    }

    @Test
    void malformedConditionsAreMistakes() {
        assertThrows(IllegalArgumentException.class, () -> FieldCondition.parse("status"));
        assertThrows(IllegalArgumentException.class, () -> FieldCondition.parse("=500"));
        assertThrows(IllegalArgumentException.class, () -> FieldCondition.parse("body..status=500"));
        assertThrows(IllegalArgumentException.class, () -> FieldCondition.parse(".status=500"));
    }
}
