package ziggy.protocol.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
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

    @Test
    void refusesSourceIdsWithControlCharactersOrPastTheirLength() {
        for (String source : new String[] {"", "agent\u0001kafka", "tab\there", "del\u007F", "x".repeat(257)}) {
            byte[] frame = ControlReplies.encode(new BsonDocument("v", new BsonInt32(1)).append("src", new BsonString(source))
                    .append("seq", new BsonInt64(1)).append("n", new BsonInt32(1)));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BatchHeader.decode(frame));
            assertEquals(refused.getMessage(), BatchHeader.sourceProblem(source));
        }
        assertEquals(null, BatchHeader.sourceProblem("x".repeat(256)));
        assertEquals(null, BatchHeader.sourceProblem("9f0c3a51-agent-web-1 é"));
    }
}
