package ziggy.daemon.stdout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ziggy.testing.TestEvents;

class EventLinesTest {
    private final EventLines lines = new EventLines();

    private String render(String json, StdoutFormat format) {
        byte[] event = TestEvents.bson(json);
        String type = TestEvents.document(json).getString("type").getValue();
        return lines.render(type.getBytes(StandardCharsets.US_ASCII), event, format);
    }

    @Test
    void aLogRecordReadsAsTimeLevelLoggerAndMessageInUtcWithMillis() {
        double start = TestEvents.utc(2026, 12, 2, 17, 0, 0) + 0.123;
        assertEquals("2026-12-02T17:00:00.123Z INFO app.db: connection pool full", render("{type: 'log.app', start: " + start
                + ", body: {level: 'INFO', logger: 'app.db', message: 'connection pool full'}}", StdoutFormat.TEXT));
    }

    @Test
    void aMessageOfManyLinesStaysOneLine() {
        String line = render("{type: 'log', start: 0.0, body: {level: 'ERROR', logger: 'app', "
                + "message: 'Traceback:\\n  File x\\r\\nValueError'}}", StdoutFormat.TEXT);
        assertEquals("1970-01-01T00:00:00.000Z ERROR app: Traceback:\\n  File x\\r\\nValueError", line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void missingFieldsDegradeToDashesTheTypeAndTheBody() {
        assertEquals("- - log.worker: ", render("{type: 'log.worker'}", StdoutFormat.TEXT));
        assertEquals("- 20 log.worker: {\"level\": 20, \"msg\": \"x\"}", render("{type: 'log.worker', start: 'soon', "
                + "body: {level: 20, msg: 'x'}}", StdoutFormat.TEXT));
    }

    @Test
    void otherTypesAreJsonLinesInTextFormat() throws Exception {
        String line = render("{type: 'logging', id: 'a', start: 1.5, body: {n: {$numberLong: '7'}}}", StdoutFormat.TEXT);
        JsonNode node = new ObjectMapper().readTree(line);
        assertEquals("logging", node.get("type").asText());
        assertEquals(7, node.get("body").get("n").asLong());
        assertTrue(line.startsWith("{"));
    }

    @Test
    void jsonFormatWritesLogRecordsAsJsonToo() throws Exception {
        String line = render("{type: 'log.app', start: 1.5, body: {level: 'INFO', message: 'a\\nb'}}", StdoutFormat.JSON);
        JsonNode node = new ObjectMapper().readTree(line);
        assertEquals("a\nb", node.get("body").get("message").asText());
        assertFalse(line.contains("\n"));
    }

    @Test
    void onlyLogAndLogDotTypesAreLogRecords() {
        assertTrue(EventLines.isLogType("log".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(EventLines.isLogType("log.app.db".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(EventLines.isLogType("logs".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(EventLines.isLogType("lo".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(EventLines.isLogType("request".getBytes(StandardCharsets.US_ASCII)));
    }
}
