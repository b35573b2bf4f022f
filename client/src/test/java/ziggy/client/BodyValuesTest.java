package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// try-with-resources on a context or timer that the block never names is this API's idiom.
@SuppressWarnings("try")
class BodyValuesTest {
    @RegisterExtension
    final RecordedEvents recorded = new RecordedEvents();
    private final List<BsonDocument> events = recorded.events;

    private BsonDocument bodyOf(java.util.function.Consumer<Context> fill) {
        events.clear();
        try (Context c = Ziggy.context("values")) {
            fill.accept(c);
        }
        return events.get(0).getDocument("body");
    }

    @Test
    void dottedKeysNestInsideTheBody() {
        BsonDocument body = bodyOf(c -> {
            Ziggy.set("response.status", 200);
            Ziggy.set("response.size", 512);
            Ziggy.set("user_agent", "curl");
        });
        assertEquals(BsonDocument.parse("{response: {status: 200, size: 512}, user_agent: 'curl'}"), body);
    }

    @Test
    void aBodyFilledAgainAfterItsEventWasSentStartsEmpty() {
        // Bodies and nested documents are reused once their event is encoded (SpareFields): nothing of
        // one event may show in the next, on this thread or on one that closes another thread's context.
        bodyOf(c -> {
            Ziggy.set("response.status", 500);
            Ziggy.set("response.size", 1);
            Ziggy.set("error", "boom");
        });
        BsonDocument body = bodyOf(c -> Ziggy.set("response.status", 200));
        assertEquals(BsonDocument.parse("{response: {status: 200}}"), body);
        events.clear();
        Context elsewhere = Ziggy.context("values");
        elsewhere.set("a.b", 1);
        Thread closer = new Thread(elsewhere::close);
        closer.start();
        assertDoesNotThrow(() -> closer.join());
        assertEquals(BsonDocument.parse("{a: {b: 1}}"), events.get(0).getDocument("body"));
        assertEquals(BsonDocument.parse("{}"), bodyOf(c -> { }));
    }

    @Test
    void addSumsAndAppendCollectsAsInZiggy() {
        BsonDocument body = bodyOf(c -> {
            Ziggy.add("row_count", 3);
            Ziggy.add("row_count", 4);
            Ziggy.add("db.time", 0.5);
            Ziggy.add("db.time", 0.25);
            Ziggy.append("tables", "users");
            Ziggy.append("tables", "orders");
            Ziggy.add("big", Long.MAX_VALUE);
            Ziggy.add("big", 1);
        });
        assertEquals(7, body.getInt32("row_count").getValue());
        assertEquals(0.75, body.getDocument("db").getDouble("time").getValue());
        assertEquals(List.of("users", "orders"),
                body.getArray("tables").stream().map(v -> v.asString().getValue()).toList());
        assertEquals(BsonType.DOUBLE, body.get("big").getBsonType(), "overflow turns into a double");
    }

    @Test
    void appendNeverChangesTheApplicationsOwnList() {
        List<String> mine = new ArrayList<>(List.of("a"));
        BsonDocument body = bodyOf(c -> {
            c.set("l", mine);
            c.append("l", "b");
            c.set("scalar", 1);
            c.append("scalar", 2);
        });
        assertEquals(List.of("a"), mine);
        assertEquals(2, body.getArray("l").size());
        assertEquals(2, body.getArray("scalar").size());
    }

    @Test
    void setIntoAMapTheApplicationSetCopiesIt() {
        Map<String, Object> mine = new HashMap<>(Map.of("status", 200));
        BsonDocument body = bodyOf(c -> {
            c.set("response", mine);
            c.set("response.size", 10);
        });
        assertEquals(Map.of("status", 200), mine);
        assertEquals(BsonDocument.parse("{status: 200, size: 10}"), body.getDocument("response"));
    }

    @Test
    void everyDocumentedJavaTypeMapsToItsBsonType() {
        UUID uuid = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        Instant instant = Instant.parse("2026-11-23T12:00:00.123Z");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", 1);
        map.put(null, "null key");
        BsonDocument body = bodyOf(c -> {
            c.set("string", "héllo €𝄞");
            c.set("int", 7);
            c.set("short", (short) 7);
            c.set("long_small", 7L);
            c.set("long_big", 1L << 40);
            c.set("double", 1.5);
            c.set("float", 1.5f);
            c.set("true", true);
            c.set("null", null);
            c.set("bigint", BigInteger.TEN.pow(30));
            c.set("decimal", new BigDecimal("1.10"));
            c.set("map", map);
            c.set("list", List.of(1, "two"));
            c.set("ints", new int[] {1, 2});
            c.set("objects", new Object[] {"x", null});
            c.set("chars", new char[] {'h', 'i'});
            c.set("bytes", "raw".getBytes(StandardCharsets.US_ASCII));
            c.set("uuid", uuid);
            c.set("instant", instant);
            c.set("date", Date.from(instant));
            c.set("optional", Optional.of(3));
            c.set("thread_state", Thread.State.NEW);
        });
        assertEquals("héllo €𝄞", body.getString("string").getValue());
        assertEquals(BsonType.INT32, body.get("int").getBsonType());
        assertEquals(BsonType.INT32, body.get("short").getBsonType());
        assertEquals(BsonType.INT32, body.get("long_small").getBsonType());
        assertEquals(1L << 40, body.getInt64("long_big").getValue());
        assertEquals(1.5, body.getDouble("double").getValue());
        assertEquals(1.5, body.getDouble("float").getValue());
        assertTrue(body.getBoolean("true").getValue());
        assertTrue(body.get("null").isNull());
        assertEquals("1000000000000000000000000000000", body.getString("bigint").getValue());
        assertEquals(new Decimal128(new BigDecimal("1.10")), body.getDecimal128("decimal").getValue());
        assertEquals(BsonDocument.parse("{k: 1, 'null': 'null key'}"), body.getDocument("map"));
        assertEquals(2, body.getArray("list").size());
        assertEquals("two", body.getArray("list").get(1).asString().getValue());
        assertEquals(2, body.getArray("ints").get(1).asInt32().getValue());
        assertTrue(body.getArray("objects").get(1).isNull());
        assertEquals("hi", body.getString("chars").getValue());
        assertEquals("raw", new String(body.getBinary("bytes").getData(), StandardCharsets.US_ASCII));
        assertEquals(BsonBinarySubType.UUID_STANDARD.getValue(), body.getBinary("uuid").getType());
        assertEquals(uuid, body.getBinary("uuid").asUuid());
        assertEquals(instant.toEpochMilli(), body.getDateTime("instant").getValue());
        assertEquals(instant.toEpochMilli(), body.getDateTime("date").getValue());
        assertEquals("Optional[3]", body.getString("optional").getValue());
        assertEquals("NEW", body.getString("thread_state").getValue());
    }

    @Test
    void hostileValuesNeverThrowIntoTheApplication() {
        Map<String, Object> cycle = new HashMap<>();
        cycle.put("self", cycle);
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        BsonDocument body = bodyOf(c -> {
            c.set("cycle", cycle);
            c.set("broken", broken);
            c.set("nul\u0000key", 1);
            c.set("lone", "a\uD800b");
            c.set(null, 1);
            c.add("n", null);
        });
        assertEquals("(cycle)", body.getDocument("cycle").getString("self").getValue());
        assertTrue(body.getString("broken").getValue().contains("IllegalStateException"));
        assertEquals(1, body.getInt32("nulkey").getValue());
        assertEquals("a?b", body.getString("lone").getValue());
    }

    @Test
    void anEventThatCannotBeReadIsDroppedAndCountedAndTheNextOneStillGoes() {
        List<Object> changing = new ArrayList<>(List.of(1, 2, 3));
        Iterable<Object> throwing = () -> {
            throw new IllegalStateException("iterator broke");
        };
        try (Context c = Ziggy.context("bad")) {
            c.set("list", new java.util.AbstractList<Object>() {
                @Override
                public Object get(int index) {
                    return changing.get(index);
                }

                @Override
                public int size() {
                    return changing.size();
                }

                @Override
                public java.util.Iterator<Object> iterator() {
                    return throwing.iterator();
                }
            });
        }
        try (Context c = Ziggy.context("good")) {
            c.set("ok", true);
        }
        assertEquals(List.of("good"), events.stream().map(e -> e.getString("type").getValue()).toList());
        assertEquals(1L, Ziggy.stats().droppedByReason().get("unencodable"));
    }

    @Test
    void anEventOverSixteenMebibytesIsDroppedAndCounted() {
        try (Context c = Ziggy.context("huge")) {
            c.set("blob", new byte[17 * 1024 * 1024]);
        }
        assertTrue(events.isEmpty());
        assertEquals(1L, Ziggy.stats().droppedByReason().get("too large"));
    }

    @Test
    void anEventOfExactlySixteenMebibytesGoesOutAndOneByteMoreDoesNot() {
        int overhead = sizeWithBlobOf(1000) - 1000;
        events.clear();
        int limit = 16 * 1024 * 1024;

        assertEquals(limit, sizeWithBlobOf(limit - overhead));
        events.clear();
        try (Context c = Ziggy.context("huge", "fixed-id")) {
            c.set("blob", new byte[limit - overhead + 1]);
        }
        assertTrue(events.isEmpty());
        assertEquals(1L, Ziggy.stats().droppedByReason().get("too large"));
    }

    private int sizeWithBlobOf(int bytes) {
        try (Context c = Ziggy.context("huge", "fixed-id")) {
            c.set("blob", new byte[bytes]);
        }
        return ((RawBsonDocument) events.get(events.size() - 1)).getByteBuffer().remaining();
    }

    @Test
    void aTimerSetsSecondsAsADouble() {
        BsonDocument body = bodyOf(c -> {
            try (Timer t = Ziggy.timeit("request_time")) {
                busyFor(2_000_000);
            }
        });
        BsonValue time = body.get("request_time");
        assertEquals(BsonType.DOUBLE, time.getBsonType());
        assertTrue(time.asDouble().getValue() >= 0.002 && time.asDouble().getValue() < 5, time.toString());
    }

    private static void busyFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
