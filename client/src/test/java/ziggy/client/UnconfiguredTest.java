package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// try-with-resources on a context or timer that the block never names is this API's idiom.
@SuppressWarnings("try")
class UnconfiguredTest {
    @AfterEach
    void unconfigure() {
        Ziggy.close();
    }

    @Test
    void everyCallIsANoOpUntilConfigured() {
        Ziggy.close();
        Stats before = Ziggy.stats();
        try (Context request = Ziggy.context("request")) {
            assertSame(Context.INERT, request);
            assertFalse(request.isSampled());
            Ziggy.set("a", 1);
            Ziggy.add("n", 1);
            Ziggy.append("l", "x");
            try (Timer t = Ziggy.timeit("t"); Scope s = request.attach()) {
                assertSame(Timer.INERT, t);
            }
            Runnable task = () -> { };
            assertSame(task, Ziggy.wrap(task));
        }
        assertEquals(before, Ziggy.stats());
    }

    @Test
    void contextsOpenedBeforeConfigureStayInertAfterIt() {
        Ziggy.close();
        Context early = Ziggy.context("early");
        List<BsonDocument> events = new ArrayList<>();
        Ziggy.configure(events::add);
        early.set("a", 1);
        early.close();
        try (Context late = Ziggy.context("late")) {
            late.set("b", 2);
        }
        assertEquals(1, events.size());
        assertEquals("late", events.get(0).getString("type").getValue());
    }

    @Test
    void afterCloseCallsAreNoOpsAndStatsKeepTheFinalFigures() {
        List<BsonDocument> events = new ArrayList<>();
        Ziggy.configure(events::add);
        try (Context request = Ziggy.context("request")) {
            request.set("a", 1);
        }
        Ziggy.close();
        try (Context after = Ziggy.context("after")) {
            assertSame(Context.INERT, after);
        }
        assertEquals(1, events.size());
        assertEquals(1, Ziggy.stats().sent());
    }
}
