package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try")
class ZiggyHandlerTest {
    private final List<BsonDocument> events = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("app.orders");
    private final ZiggyHandler handler = new ZiggyHandler();

    @BeforeEach
    void setUp() {
        Ziggy.configure(events::add);
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
    }

    @AfterEach
    void tearDown() {
        logger.removeHandler(handler);
        Ziggy.close();
    }

    @Test
    void aRecordInsideAContextBecomesALogSubEvent() {
        String id;
        try (Context request = Ziggy.context("request")) {
            id = request.id();
            logger.log(Level.WARNING, "order {0} is late", 42);
        }
        BsonDocument log = events.get(0);
        assertEquals("request.log", log.getString("type").getValue());
        assertEquals(id, log.getString("id").getValue());
        BsonDocument body = log.getDocument("body");
        assertEquals("app.orders", body.getString("name").getValue());
        assertEquals("WARNING", body.getString("level").getValue());
        assertEquals("order 42 is late", body.getString("msg").getValue());
        assertFalse(body.containsKey("exception"));
    }

    @Test
    void aThrowableBecomesTheStackTraceAsText() {
        try (Context request = Ziggy.context("request")) {
            logger.log(Level.SEVERE, "failed", new IllegalStateException("boom"));
        }
        String exception = events.get(0).getDocument("body").getString("exception").getValue();
        assertTrue(exception.startsWith("java.lang.IllegalStateException: boom"), exception);
        assertTrue(exception.contains("at ziggy.client.ZiggyHandlerTest"), exception);
    }

    @Test
    void outsideAnyContextARecordIsATopLevelLogEvent() {
        logger.info("starting");
        assertEquals("log", events.get(0).getString("type").getValue());
    }

    @Test
    void aRecordUnderTheHandlersLevelMakesNothing() {
        handler.setLevel(Level.WARNING);
        try (Context request = Ziggy.context("request")) {
            logger.info("chatty");
        }
        assertEquals(List.of("request"), events.stream().map(e -> e.getString("type").getValue()).toList());
    }
}
