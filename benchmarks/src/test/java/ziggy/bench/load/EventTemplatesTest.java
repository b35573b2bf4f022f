package ziggy.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.ScannedEvent;

class EventTemplatesTest {

    @Test
    void everyEventHasTheAskedSizeAndIsAValidZiggyEventWithItsIdAndTimes() {
        EventTemplates templates = EventTemplates.of(TypeMix.parse("request:2,job"), 250, "web-1");
        ByteBuffer buffer = EventTemplates.littleEndian(ByteBuffer.allocate(250));
        EventScanner scanner = new EventScanner();
        ScannedEvent scanned = new ScannedEvent();
        String[] expectedTypes = {"request", "request", "job"};
        for (int number = 0; number < 6; number++) {
            buffer.clear();
            templates.put(buffer, 0xCAFE, 3, number, 1_763_900_000.5);
            assertEquals(250, buffer.position());
            assertTrue(scanner.scan(buffer, 0, 250, scanned), "scanner refused: " + scanned.reason());
            assertEquals(1_763_900_000.5, scanned.end());

            BsonDocument event = new RawBsonDocument(buffer.array());
            assertEquals(expectedTypes[number % 3], event.getString("type").getValue());
            assertEquals(String.format("%08x%04x%012x", 0xCAFE, 3, number), event.getString("id").getValue());
            assertEquals(1_763_900_000.5 - 0.012, event.getDouble("start").getValue(), 1e-9);
            assertEquals("web-1", event.getString("host").getValue());
            assertTrue(event.getDocument("body").containsKey("pad"));

            assertTrue(templates.isFromRun(buffer, 250, 0xCAFE));
            assertFalse(templates.isFromRun(buffer, 250, 0xBEEF));
            assertEquals(3, templates.connectionOf(buffer));
            assertEquals(number, templates.numberOf(buffer));
        }
    }

    @Test
    void aSizeTooSmallForTheFieldsIsRefusedWithTheSmallestThatFits() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EventTemplates.of(TypeMix.parse("request"), 50, "web-1"));
        assertTrue(refused.getMessage().contains("at least"), refused.getMessage());
    }

    @Test
    void anotherDocumentIsNotTakenForOneOfTheRun() {
        EventTemplates templates = EventTemplates.of(TypeMix.parse("request"), 250, "web-1");
        byte[] other = new byte[250];
        other[0] = (byte) 250;
        assertFalse(templates.isFromRun(ByteBuffer.wrap(other), 250, 0));
        byte[] text = "x".repeat(250).getBytes(StandardCharsets.US_ASCII);
        assertFalse(templates.isFromRun(ByteBuffer.wrap(text), 250, 0));
    }
}
