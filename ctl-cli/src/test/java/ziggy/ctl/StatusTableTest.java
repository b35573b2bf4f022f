package ziggy.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class StatusTableTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_763_900_100);

    @Test
    void aFullReplyReadsAtAGlance() {
        BsonDocument status = BsonDocument.parse("""
                {last: 1763900097.5, lag: 0.012,
                 events: {request: {last: 1763900097.0, count: {$numberLong: '10000'}},
                          'request.sql': {last: 1763899980.0, count: {$numberLong: '2345'}}},
                 hosts: {web1: {last: 1763900097.0, count: {$numberLong: '12345'}}},
                 total: {events: {$numberLong: '12345'}, bytes: {$numberLong: '4404019'}},
                 rejected: {not_bson: {$numberLong: '2'}, bad_type: {$numberLong: '1'}, oversized: {$numberLong: '0'}},
                 uptime: 7395.0, version: '0.1.0',
                 files: {open: 2, write_errors: {$numberLong: '0'}},
                 stream: {port: 40123, subscriptions: 1, sent: {$numberLong: '12345'}, dropped: {$numberLong: '0'}},
                 queue: {bytes: {$numberLong: '2048'}, segments: 1, policy: 'block'},
                 forwarder: {upstream: 'master:3514', state: 'connected'}}
                """);
        List<String> lines = new StatusTable("127.0.0.1:3513", NOW).render(status).lines().toList();

        assertEquals("ziggyd 0.1.0 at 127.0.0.1:3513, up 2 h 03 min", lines.get(0));
        assertTrue(lines.contains("last event  2 s ago (lag 0.012 s)"), String.join("\n", lines));
        assertTrue(lines.contains("taken in    12,345 events, 4.2 MiB"), String.join("\n", lines));
        assertTrue(lines.contains("rejected    3: 2 not_bson, 1 bad_type"), String.join("\n", lines));
        assertTrue(lines.contains("queue       bytes 2,048, segments 1, policy block"), String.join("\n", lines));
        assertTrue(lines.contains("forwarder   upstream master:3514, state connected"), String.join("\n", lines));
        assertTrue(lines.contains("stream      port 40123, subscriptions 1, sent 12,345, dropped 0"), String.join("\n", lines));
        assertTrue(lines.contains("TYPE          COUNT  LAST SEEN"), String.join("\n", lines));
        assertTrue(lines.contains("request      10,000  3 s ago"), String.join("\n", lines));
        assertTrue(lines.contains("request.sql   2,345  2 min 00 s ago"), String.join("\n", lines));
        assertTrue(lines.contains("HOST   COUNT  LAST SEEN"), String.join("\n", lines));
        assertTrue(lines.contains("web1  12,345  3 s ago"), String.join("\n", lines));
    }

    @Test
    void theOriginalZiggyReplyBeforeAnyEventRendersToo() {
        String table = new StatusTable("master:3513", NOW).render(BsonDocument.parse("{last: null, lag: null, events: {}, hosts: {}}"));
        assertEquals("""
                ziggyd at master:3513
                last event  none yet

                Types: none yet

                Hosts: none yet
                """, table);
    }

    @Test
    void durationsShowTheTwoLargestUnits() {
        assertEquals("0 s", StatusTable.duration(0.4));
        assertEquals("59 s", StatusTable.duration(59.9));
        assertEquals("1 min 05 s", StatusTable.duration(65));
        assertEquals("2 h 00 min", StatusTable.duration(7200));
        assertEquals("3 d 04 h", StatusTable.duration(3 * 86_400 + 4 * 3600 + 59));
    }
}
