package ziggy.client.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ziggy.client.Context;
import ziggy.client.Ziggy;

/** The appender as logback-test.xml declares it, driven through SLF4J as an application would. */
@SuppressWarnings("try")
class ZiggyAppenderTest {
    private final List<BsonDocument> events = new CopyOnWriteArrayList<>();
    private final Logger log = LoggerFactory.getLogger("app.payments");

    @BeforeEach
    void record() {
        Ziggy.configure(events::add);
    }

    @AfterEach
    void unconfigure() {
        Ziggy.close();
    }

    @Test
    void aLogLineInsideAContextBecomesALogSubEvent() {
        String id;
        try (Context request = Ziggy.context("request")) {
            id = request.id();
            log.info("charged {} cents", 1250);
        }
        BsonDocument event = events.get(0);
        assertEquals("request.log", event.getString("type").getValue());
        assertEquals(id, event.getString("id").getValue());
        BsonDocument body = event.getDocument("body");
        assertEquals("app.payments", body.getString("name").getValue());
        assertEquals("INFO", body.getString("level").getValue());
        assertEquals("charged 1250 cents", body.getString("msg").getValue());
        assertFalse(body.containsKey("exception"));
    }

    @Test
    void anExceptionIsKeptAsItsStackTrace() {
        try (Context request = Ziggy.context("request"); Context sql = Ziggy.context(".sql")) {
            log.error("query failed", new IllegalArgumentException("bad column"));
        }
        BsonDocument event = events.get(0);
        assertEquals("request.sql.log", event.getString("type").getValue());
        String exception = event.getDocument("body").getString("exception").getValue();
        assertTrue(exception.startsWith("java.lang.IllegalArgumentException: bad column"), exception);
        assertTrue(exception.contains("ZiggyAppenderTest"), exception);
    }

    @Test
    void levelsFilteredByLogbackMakeNothing() {
        try (Context request = Ziggy.context("request")) {
            log.trace("below DEBUG");
        }
        assertEquals(List.of("request"), events.stream().map(e -> e.getString("type").getValue()).toList());
    }

    @Test
    void unconfiguredZiggyMakesLoggingANoOp() {
        Ziggy.close();
        try (Context request = Ziggy.context("request")) {
            log.warn("nobody listens");
        }
        assertTrue(events.isEmpty());
    }
}
