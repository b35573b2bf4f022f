package ziggy.protocol.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    @Test
    void doublesArePlainDecimalsAsPythonAndJqShowThem() {
        assertEquals("1796232973.624", EventJson.plain(1796232973.624));
        assertEquals("1796232973.6240437", EventJson.plain(1.7962329736240437E9));
        assertEquals("5.0", EventJson.plain(5.0));
        assertEquals("0.0", EventJson.plain(0.0));
        assertEquals("-0.25", EventJson.plain(-0.25));
        assertEquals("0.00005", EventJson.plain(5e-5));
        assertEquals("100000000000000000000.0", EventJson.plain(1e20));
        assertEquals("1.0E21", EventJson.plain(1e21));
        assertEquals("1.0E-7", EventJson.plain(1e-7));
        for (double d : new double[] {1796232973.624, 0.1 + 0.2, 123456.789e3, 1e-6, 9.999e20}) {
            assertEquals(d, Double.parseDouble(EventJson.plain(d)), "reads back as the same double");
        }
    }

    @Test
    void aLineHasPlainDecimalsAndKeepsNaNAsExtendedJson() {
        BsonDocument event = BsonDocument.parse("{start: 1796232973.624, n: {$numberDouble: 'NaN'}, i: {$numberLong: '7'}}");
        assertEquals("{\"start\": 1796232973.624, \"n\": {\"$numberDouble\": \"NaN\"}, \"i\": 7}", EventJson.line(event));
    }
}
