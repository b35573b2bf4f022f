package ziggy.daemon.pylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.ScannedEvent;

/** A record's JSON made into an event that the collect path's scanner takes, and the type names channels become. */
class LogRecordEventTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void channelsBecomeTypeNamesUnderTheNameRule() {
        assertEquals("log.all", LogRecordEvent.typeName(utf8("INFO:all")));
        assertEquals("log.db_sql_weird", LogRecordEvent.typeName(utf8("INFO:db/sql weird")));
        assertEquals("log.a.b", LogRecordEvent.typeName(utf8("INFO:..a...b..")));
        assertEquals("log.caf_", LogRecordEvent.typeName(utf8("INFO:caf\u00e9")));
        assertEquals("log", LogRecordEvent.typeName(utf8("INFO:")));
        assertEquals("log", LogRecordEvent.typeName(utf8("INFO:...")));
        assertEquals("log", LogRecordEvent.typeName(utf8("no colon")));
        assertEquals("log.a_b", LogRecordEvent.typeName(utf8("INFO:a:b")));
        assertEquals(200, LogRecordEvent.typeName(utf8("INFO:" + "x".repeat(500))).length());
    }

    @Test
    void aRecordIsAnEventTheCollectScannerTakes() throws Exception {
        byte[] bson = new LogRecordEvent("here").encode(utf8("INFO:web"), utf8("{\"name\": \"app\", \"msg\": \"hi %s\","
                + " \"args\": [\"you\"], \"levelname\": \"INFO\", \"levelno\": 20, \"created\": 1763900000.25,"
                + " \"process\": 42, \"exc_info\": null, \"exc_text\": null, \"lineno\": 3, \"nan\": NaN, \"level\": \"x\"}"));
        ScannedEvent event = new ScannedEvent();
        assertTrue(new EventScanner().scan(ByteBuffer.wrap(bson), 0, bson.length, event), String.valueOf(event.reason()));
        BsonDocument doc = new RawBsonDocument(bson);
        assertEquals("log.web", doc.getString("type").getValue());
        assertEquals("here", doc.getString("host").getValue());
        assertEquals(42, doc.getInt32("pid").getValue());
        assertEquals(1763900000.25, doc.getDouble("start").getValue());
        assertEquals("hi you", doc.getDocument("body").getString("message").getValue());
        assertEquals("app", doc.getDocument("body").getString("logger").getValue());
        assertEquals("x", doc.getDocument("body").getString("extra_level").getValue());
        assertTrue(doc.getString("id").getValue().matches("[0-9a-f]{32}"));
        assertTrue(Double.isNaN(doc.getDocument("body").getDouble("nan").getValue()));
    }

    @Test
    void whatIsNoRecordIsRejectedByReason() {
        LogRecordEvent records = new LogRecordEvent("here");
        assertEquals(LogRecordEvent.Rejection.NOT_JSON,
                assertThrows(LogRecordEvent.Rejected.class, () -> records.encode(utf8("I:a"), utf8("{\"msg\": "))).reason);
        assertEquals(LogRecordEvent.Rejection.NOT_JSON,
                assertThrows(LogRecordEvent.Rejected.class, () -> records.encode(utf8("I:a"), utf8("{} {}"))).reason);
        assertEquals(LogRecordEvent.Rejection.NOT_A_RECORD,
                assertThrows(LogRecordEvent.Rejected.class, () -> records.encode(utf8("I:a"), utf8("\"text\""))).reason);
        assertEquals(LogRecordEvent.Rejection.NOT_A_RECORD, assertThrows(LogRecordEvent.Rejected.class,
                () -> records.encode(utf8("I:a"), utf8("{\"msg\": \"m\", \"levelname\": 20, \"created\": 1.0}"))).reason);
        assertEquals(LogRecordEvent.Rejection.NOT_A_RECORD, assertThrows(LogRecordEvent.Rejected.class,
                () -> records.encode(utf8("I:a"), utf8("{\"msg\": \"m\", \"levelname\": \"I\", \"created\": 1.0, \"a\\u0000b\": 1}"))).reason);
    }
}
