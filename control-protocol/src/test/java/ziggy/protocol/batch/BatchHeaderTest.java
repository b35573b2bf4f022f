package ziggy.protocol.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Test;

import ziggy.protocol.control.ControlReplies;

class BatchHeaderTest {
    @Test
    void roundTripsThroughItsBsonFrame() {
        BatchHeader header = new BatchHeader("agent-7f3a", 1L << 40, 512);
        assertEquals(header, BatchHeader.decode(header.encode()));
    }

    @Test
    void refusesOtherVersionsAndMissingFields() {
        assertThrows(IllegalArgumentException.class,
                () -> BatchHeader.decode(ControlReplies.encode(new BsonDocument("v", new BsonInt32(2)))));
        assertThrows(IllegalArgumentException.class,
                () -> BatchHeader.decode(ControlReplies.encode(new BsonDocument("v", new BsonInt32(1)))));
        assertThrows(IllegalArgumentException.class, () -> BatchHeader.decode(new byte[] {1, 2, 3}));
    }
}
