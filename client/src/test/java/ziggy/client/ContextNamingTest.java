package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// try-with-resources on a context or timer that the block never names is this API's idiom.
@SuppressWarnings("try")
class ContextNamingTest {
    @RegisterExtension
    final RecordedEvents recorded = new RecordedEvents();
    private final List<BsonDocument> events = recorded.events;

    @Test
    void aTopLevelIdIs32HexCharactersStartingWithTheEpochSeconds() {
        long before = System.currentTimeMillis() / 1000;
        String id;
        try (Context request = Ziggy.context("request")) {
            id = request.id();
        }
        long after = System.currentTimeMillis() / 1000;
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        long seconds = Long.parseLong(id.substring(0, 8), 16);
        assertTrue(seconds >= before && seconds <= after, id);
        assertEquals(id, events.get(0).getString("id").getValue());
    }

    @Test
    void twoTopLevelContextsGetDifferentIds() {
        String first;
        String second;
        try (Context a = Ziggy.context("request")) {
            first = a.id();
        }
        try (Context b = Ziggy.context("request")) {
            second = b.id();
        }
        assertNotEquals(first, second);
    }

    @Test
    void aSubContextTakesItsParentsIdAndExtendsItsType() {
        try (Context request = Ziggy.context("request")) {
            try (Context sql = Ziggy.context(".sql")) {
                assertEquals("request.sql", sql.type());
                assertEquals(request.id(), sql.id());
                try (Context cursor = Ziggy.context(".cursor")) {
                    assertEquals("request.sql.cursor", cursor.type());
                }
            }
        }
        assertEquals(List.of("request.sql.cursor", "request.sql", "request"), types());
        assertEquals(1, events.stream().map(e -> e.getString("id")).distinct().count());
    }

    @Test
    void aDottedTypeWithNoOpenParentIsTopLevel() {
        try (Context sql = Ziggy.context(".sql")) {
            assertEquals("sql", sql.type());
            assertTrue(sql.id().matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void aSubContextOfTheSameKindBecomesASiblingAsInZiggy() {
        try (Context request = Ziggy.context("request");
             Context sql = Ziggy.context(".sql");
             Context again = Ziggy.context(".sql")) {
            assertEquals("request.sql", again.type());
        }
        try (Context a = Ziggy.context("a");
             Context b = Ziggy.context(".b");
             Context c = Ziggy.context(".c");
             Context bx = Ziggy.context(".b.x")) {
            assertEquals("a.b.c", c.type());
            assertEquals("a.b.x", bx.type());
        }
    }

    @Test
    void typesStayRightWhenThousandsOfKindsAlternate() {
        // More kinds than the table of recently resolved types has slots, met twice each, with types made
        // at run time (distinct String objects of equal text) as well as literals.
        int kinds = 2_000;
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < kinds; k++) {
                String parentType = "kind" + k;
                try (Context parent = Ziggy.context(parentType); Context sql = Ziggy.context(".sql");
                        Context cursor = Ziggy.context(".cursor")) {
                    assertEquals(parentType, parent.type());
                    assertEquals(parentType + ".sql", sql.type());
                    assertEquals(parentType + ".sql.cursor", cursor.type());
                }
                try (Context request = Ziggy.context("request"); Context sql = Ziggy.context(".sql")) {
                    assertEquals("request.sql", sql.type());
                }
            }
        }
        assertEquals(2 * kinds * 5, events.size());
    }

    @Test
    void anUndottedTypeIsTopLevelEvenInsideAnotherContext() {
        try (Context request = Ziggy.context("request");
             Context other = Ziggy.context("audit")) {
            assertEquals("audit", other.type());
            assertNotEquals(request.id(), other.id());
        }
    }

    @Test
    void anExplicitIdIsKeptAndInheritedBySubContexts() {
        try (Context request = Ziggy.context("request", "abc-123");
             Context sql = Ziggy.context(".sql")) {
            assertEquals("abc-123", sql.id());
        }
        assertTrue(events.stream().allMatch(e -> e.getString("id").getValue().equals("abc-123")));
    }

    @Test
    void setAfterAContextClosesGoesToTheEnclosingOne() {
        try (Context request = Ziggy.context("request")) {
            try (Context sql = Ziggy.context(".sql")) {
                Ziggy.set("query", "select 1");
            }
            Ziggy.set("status", 200);
            assertSame(request, Ziggy.current());
        }
        assertEquals("select 1", events.get(0).getDocument("body").getString("query").getValue());
        assertEquals(200, events.get(1).getDocument("body").getInt32("status").getValue());
        assertSame(Context.INERT, Ziggy.current());
    }

    @Test
    void closingOutOfOrderLeavesTheStillOpenOneCurrent() {
        Context request = Ziggy.context("request");
        Context sql = Ziggy.context(".sql");
        request.close();
        assertSame(sql, Ziggy.current());
        sql.close();
        assertSame(Context.INERT, Ziggy.current());
        assertEquals(List.of("request", "request.sql"), types());
    }

    @Test
    void closingTwiceSendsOnce() {
        Context request = Ziggy.context("request");
        request.close();
        request.close();
        assertEquals(1, events.size());
    }

    @Test
    void anInvalidTypeSendsNothingAndIsCountedAsADrop() {
        try (Context bad = Ziggy.context("no spaces allowed")) {
            assertFalse(bad.isSampled());
            try (Context child = Ziggy.context(".child")) {
                assertFalse(child.isSampled());
            }
        }
        try (Context request = Ziggy.context("request");
             Context doubleDot = Ziggy.context("..sql")) {
            assertFalse(doubleDot.isSampled());
        }
        assertEquals(List.of("request"), types());
        assertEquals(2L, Ziggy.stats().droppedByReason().get("invalid type"));
    }

    @Test
    void everyEventCarriesTheFieldsOfZiggysPythonClientInItsOrder() {
        double before = System.currentTimeMillis() / 1000.0;
        try (Context request = Ziggy.context("request")) {
            request.set("a", 1);
        }
        BsonDocument event = events.get(0);
        assertEquals(List.of("id", "type", "host", "pid", "start", "end", "body"), List.copyOf(event.keySet()));
        assertEquals(ProcessHandle.current().pid(), event.getInt32("pid").getValue());
        assertFalse(event.getString("host").getValue().isEmpty());
        double start = event.getDouble("start").getValue();
        double end = event.getDouble("end").getValue();
        assertTrue(start >= before - 0.001 && end >= start && end - start < 5, start + " " + end);
    }

    private List<String> types() {
        return events.stream().map(e -> e.getString("type").getValue()).toList();
    }
}
