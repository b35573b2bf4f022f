package ziggy.processors.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.processors.TestSupport.bson;
import static ziggy.processors.TestSupport.chain;
import static ziggy.processors.TestSupport.send;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import ziggy.processor.Event;
import ziggy.processors.ProcessorChain;
import ziggy.processors.TestSupport.CollectingSink;
import ziggy.processors.TestSupport.MovableClock;

class SummaryProcessorTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void percentilesAreWithinOnePercentOfTheExactOnesOverSkewedDataAndCountsAreExact() {
        CollectingSink sink = new CollectingSink();
        MovableClock clock = new MovableClock(T0, ZoneId.of("UTC"));
        ProcessorChain chain = chain("summary:interval=2s,fields=body.request_time|body.bytes", clock, sink);
        Random random = new Random(42);
        int n = 50_000;
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            // Log-normal: most requests fast, a long tail of slow ones.
            times[i] = Math.exp(random.nextGaussian() * 1.5 - 3);
            send(chain, bson("{type: 'request', body: {request_time: " + times[i] + ", bytes: " + (i % 1000 + 1) + "}}"));
        }
        send(chain, bson("{type: 'login', body: {request_time: 'not a number'}}"));
        assertEquals(n + 1, sink.documents.size()); // every event kept
        chain.onTick(T0.plusSeconds(2));
        List<BsonDocument> summaries = sink.documents.subList(n + 1, sink.documents.size());
        assertEquals(2, summaries.size());
        BsonDocument request = summaries.get(0);
        assertEquals("ziggy.summary", request.getString("type").getValue());
        assertEquals("test-host", request.getString("host").getValue());
        assertEquals(32, request.getString("id").getValue().length());
        assertEquals(T0.getEpochSecond(), request.getDouble("start").getValue());
        assertEquals(T0.getEpochSecond() + 2, request.getDouble("end").getValue());
        BsonDocument body = request.getDocument("body");
        assertEquals("request", body.getString("type").getValue());
        assertEquals(n, body.getInt64("count").getValue());
        assertEquals(n / 2.0, body.getDouble("rate").getValue());
        BsonDocument stats = body.getDocument("fields").getDocument("body.request_time");
        assertEquals(n, stats.getInt64("count").getValue());
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        assertEquals(sorted[0], stats.getDouble("min").getValue());
        assertEquals(sorted[n - 1], stats.getDouble("max").getValue());
        assertEquals(Arrays.stream(times).sum() / n, stats.getDouble("mean").getValue(), 1e-9);
        for (int p : new int[] {50, 90, 99}) {
            double exact = sorted[(int) Math.ceil(p / 100.0 * n) - 1];
            double estimate = stats.getDouble("p" + p).getValue();
            assertTrue(Math.abs(estimate - exact) <= 0.01 * exact, "p" + p + ": " + estimate + " against " + exact);
        }
        BsonDocument login = summaries.get(1).getDocument("body");
        assertEquals(1, login.getInt64("count").getValue());
        assertEquals(new BsonDocument("count", new BsonInt64(0)), login.getDocument("fields").getDocument("body.request_time"));
    }

    @Test
    void topCountsTheMostFrequentValuesAndCountsWhatPassesTheCap() {
        CollectingSink sink = new CollectingSink();
        MovableClock clock = new MovableClock(T0, ZoneId.of("UTC"));
        ProcessorChain chain = chain("summary:interval=1m,top=body.status|body.path,top-n=2,max-values=3", clock, sink);
        int[] statuses = {200, 200, 200, 500, 500, 404, 302, 302, 302, 302};
        for (int status : statuses) {
            send(chain, bson("{type: 'request', body: {status: " + status + ", path: '/p" + status + "'}}"));
        }
        chain.onTick(T0.plusSeconds(59));
        assertEquals(statuses.length, sink.documents.size());
        chain.onTick(T0.plusSeconds(60));
        BsonDocument body = sink.documents.get(statuses.length).getDocument("body");
        // 302 came after the cap of 3 distinct values: counted as other, not in the top.
        BsonArray status = body.getDocument("top").getArray("body.status");
        assertEquals(new BsonArray(List.of(
                new BsonArray(List.of(new BsonInt32(200), new BsonInt64(3))),
                new BsonArray(List.of(new BsonInt32(500), new BsonInt64(2))))), status);
        assertEquals(new BsonInt64(4), body.getDocument("top_other").get("body.status"));
        assertEquals(new BsonString("/p200"), body.getDocument("top").getArray("body.path").get(0).asArray().get(0));
    }

    @Test
    void eachIntervalReportsOnlyItsOwnEventsAndTypesPastTheCapAreCounted() {
        CollectingSink sink = new CollectingSink();
        MovableClock clock = new MovableClock(T0, ZoneId.of("UTC"));
        ProcessorChain chain = chain("summary:interval=1s,max-types=2", clock, sink);
        for (String type : new String[] {"a", "b", "c", "a"}) {
            send(chain, bson("{type: '" + type + "'}"));
        }
        chain.onTick(T0.plusSeconds(1));
        assertEquals(6, sink.documents.size());
        BsonDocument a = sink.documents.get(4).getDocument("body");
        assertEquals(2, a.getInt64("count").getValue());
        assertEquals(1, a.getInt64("other_types").getValue());
        send(chain, bson("{type: 'c'}"));
        chain.onTick(T0.plusSeconds(2));
        BsonDocument c = sink.documents.get(7).getDocument("body");
        assertEquals("c", c.getString("type").getValue());
        assertEquals(1, c.getInt64("count").getValue());
        assertEquals((double) T0.getEpochSecond() + 1, c.getDouble("from").getValue());
        // Summaries are not summarised.
        send(chain, Event.encode(sink.documents.get(4)));
        chain.onTick(T0.plusSeconds(3));
        assertEquals(9, sink.documents.size());
    }
}
