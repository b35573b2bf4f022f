package ziggy.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                 role: 'master',
                 batches: {received: {$numberLong: '0'}, events: {$numberLong: '0'}, duplicates: {$numberLong: '0'},
                           gaps: {$numberLong: '0'}, sources: 0},
                 replication: {peer: 'master2:3514', state: 'connected'}}
                """);
        List<String> lines = new StatusTable("127.0.0.1:3513", NOW).render(status).lines().toList();

        assertEquals("ziggyd 0.1.0 at 127.0.0.1:3513, master, up 2 h 03 min", lines.get(0));
        assertTrue(lines.contains("last event   2 s ago (lag 0.012 s)"), String.join("\n", lines));
        assertTrue(lines.contains("taken in     12,345 events, 4.2 MiB"), String.join("\n", lines));
        assertTrue(lines.contains("rejected     3: 2 not_bson, 1 bad_type"), String.join("\n", lines));
        assertTrue(lines.contains("replication  peer master2:3514, state connected"), "a section it does not know: " + lines);
        assertFalse(lines.stream().anyMatch(line -> line.startsWith("batches")), "no batch came: " + lines);
        assertFalse(lines.contains("Queue") || lines.contains("Forward"), "a master has neither: " + lines);
        assertTrue(lines.contains("stream       port 40123, subscriptions 1, sent 12,345, dropped 0"), String.join("\n", lines));
        assertTrue(lines.contains("TYPE          COUNT  LAST SEEN"), String.join("\n", lines));
        assertTrue(lines.contains("request      10,000  3 s ago"), String.join("\n", lines));
        assertTrue(lines.contains("request.sql   2,345  2 min 00 s ago"), String.join("\n", lines));
        assertTrue(lines.contains("HOST   COUNT  LAST SEEN"), String.join("\n", lines));
        assertTrue(lines.contains("web1  12,345  3 s ago"), String.join("\n", lines));
    }

    @Test
    void aFailedPartIsNamedWithItsCauseAndNothingIsSaidWhileNoneHas() {
        String failing = new StatusTable("127.0.0.1:3513", NOW).render(BsonDocument.parse("{last: null, lag: null, events: {},"
                + " hosts: {}, failed: {stream: {reason: 'java.lang.OutOfMemoryError: Java heap space', count: 1}}}"));
        assertTrue(failing.contains("failed      stream (java.lang.OutOfMemoryError: Java heap space); the daemon is stopping"),
                failing);
        String healthy = new StatusTable("127.0.0.1:3513", NOW).render(BsonDocument.parse(
                "{last: null, lag: null, events: {}, hosts: {}, failed: {}}"));
        assertFalse(healthy.contains("failed"), healthy);
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
    void aMasterThatTookBatchesSaysFromHowManySources() {
        List<String> lines = render("""
                {last: 1763900099.0, lag: 0.2, events: {}, hosts: {}, total: {events: 5000, bytes: 900000},
                 rejected: {bad_batch: 2, too_many_sources: 1, not_bson: 0}, role: 'master',
                 batches: {received: 12, events: 5000, duplicates: 40, gaps: 0, sources: 1}}
                """);

        assertEquals("ziggyd at 127.0.0.1:3513, master", lines.get(0));
        assertTrue(lines.contains("batches     12 received, 5,000 events from 1 source; 40 duplicates dropped, 0 skipped by their source"),
                String.join("\n", lines));
        assertTrue(lines.contains("rejected    3: 2 bad_batch, 1 too_many_sources"), String.join("\n", lines));
    }

    @Test
    void aMasterThatForgotIdleSourcesSaysHowMany() {
        List<String> lines = render("""
                {last: 1763900099.0, lag: 0.2, events: {}, hosts: {}, total: {events: 5000, bytes: 900000},
                 rejected: {}, role: 'master',
                 batches: {received: 12, events: 5000, duplicates: 0, gaps: 0, sources: 2, sources_expired: 1500}}
                """);

        assertTrue(lines.contains("batches     12 received, 5,000 events from 2 sources (1,500 more forgotten idle); 0 duplicates dropped,"
                + " 0 skipped by their source"), String.join("\n", lines));
    }

    @Test
    void sourcesForgottenToMakeRoomAreSaidBesideThoseForgottenIdle() {
        String status = """
                {last: 1763900099.0, lag: 0.2, events: {}, hosts: {}, total: {events: 5000, bytes: 900000},
                 rejected: {}, role: 'master',
                 batches: {received: 12, events: 5000, duplicates: 0, gaps: 0, sources: 2, sources_expired: %d, sources_evicted: 40}}
                """;

        assertTrue(render(status.formatted(1500)).contains("batches     12 received, 5,000 events from 2 sources (1,500 more"
                + " forgotten idle, 40 forgotten to make room); 0 duplicates dropped, 0 skipped by their source"));
        assertTrue(render(status.formatted(0)).contains("batches     12 received, 5,000 events from 2 sources (40 more"
                + " forgotten to make room); 0 duplicates dropped, 0 skipped by their source"));
    }

    @Test
    void anAgentShowsWhatItsQueueHoldsAndHowFarTheUpstreamIsBehind() {
        List<String> lines = render(agent("agent", "batches: {received: 0, events: 0, duplicates: 0, gaps: 0, sources: 0}"));

        assertEquals("ziggyd 0.1.0 at 127.0.0.1:3513, agent, up 1 min 40 s", lines.get(0));
        assertFalse(lines.stream().anyMatch(line -> line.startsWith("batches")), "an agent nobody forwards to: " + lines);
        assertEquals(List.of(
                "Queue",
                "  held    1,500 events, 2.0 MiB in 2 segments",
                "  oldest  appended 4 s ago, not yet acknowledged",
                "  lost    3 dropped, 0 corrupt, 1 rejected",
                "  fsync   400 fsyncs, 5.0 ms on average",
                "  seq     next 10,001, written 10,000, synced 9,900, acknowledged 8,500"), block(lines, "Queue"));
        assertEquals(List.of(
                "Forward",
                "  upstream      master:3514: connected, batches",
                "  sent          seq 9,800 in 42 batches",
                "  acknowledged  seq 8,500, 1,500 behind",
                "  resends       2",
                "  failovers     1",
                "  source        5f0c2a"), block(lines, "Forward"));
        assertTrue(lines.contains("request  10,000  1 s ago"), "the types still follow: " + lines);
    }

    @Test
    void aRelayIsNamedInTheHeaderAndShowsTheBatchesItTook() {
        List<String> lines = render(agent("relay", "batches: {received: 7, events: 700, duplicates: 0, gaps: 3, sources: 2}"));

        assertEquals("ziggyd 0.1.0 at 127.0.0.1:3513, relay, up 1 min 40 s", lines.get(0));
        assertTrue(lines.contains("batches     7 received, 700 events from 2 sources; 0 duplicates dropped, 3 skipped by their source"),
                String.join("\n", lines));
        assertTrue(lines.contains("  held    1,500 events, 2.0 MiB in 2 segments"), String.join("\n", lines));
        assertTrue(lines.contains("  acknowledged  seq 8,500, 1,500 behind"), String.join("\n", lines));
    }

    @Test
    void anAgentWhoseUpstreamIsDownButHoldsNothingSaysSo() {
        List<String> lines = render("""
                {last: null, lag: null, events: {}, hosts: {}, role: 'agent',
                 queue: {bytes: 0, events: 0, oldest_age: 0.0, segments: 1, dropped: 0, corrupt: 0, rejected: 0,
                         next_seq: 1, written_seq: 0, synced_seq: 0, acknowledged_seq: 0, fsyncs: 0, fsync_seconds: 0.0},
                 forward: {upstream: 'master:3514', connected: false, mode: 'connecting', sent_seq: 0, acknowledged_seq: 0,
                           batches: 0, resends: 0, failovers: 0}}
                """);

        assertTrue(lines.contains("  oldest  none: every event is acknowledged"), String.join("\n", lines));
        assertTrue(lines.contains("  held    0 events, 0 bytes in 1 segment"), String.join("\n", lines));
        assertTrue(lines.contains("  fsync   none yet"), String.join("\n", lines));
        assertTrue(lines.contains("  upstream      master:3514: not connected, connecting"), String.join("\n", lines));
        assertTrue(lines.contains("  acknowledged  seq 0, caught up"), String.join("\n", lines));
    }

    @Test
    void aQueueWithKeysOfAnotherVersionShowsWhatItKnowsAndTheRestAsItComes() {
        List<String> lines = render("""
                {last: null, events: {}, hosts: {}, role: 'agent',
                 queue: {bytes: 2048, policy: 'block'},
                 forward: {upstream: 'master:3514', connected: true, mode: 'single_frames', acknowledged_seq: 12, compression: 'zstd'}}
                """);

        assertTrue(lines.contains("  held    ? events, 2.0 KiB in ? segments"), String.join("\n", lines));
        assertTrue(lines.contains("  policy  block"), String.join("\n", lines));
        assertTrue(lines.contains("  upstream      master:3514: connected, single frames"), String.join("\n", lines));
        assertTrue(lines.contains("  acknowledged  seq 12"), "no next_seq, no behind: " + lines);
        assertTrue(lines.contains("  compression   zstd"), String.join("\n", lines));
    }

    @Test
    void anAgentForwardingToKafkaCountsRecordsWithWhatIsInFlightTheErrorsAndWhatItSetAside() {
        List<String> lines = render("""
                {last: null, events: {}, hosts: {}, role: 'agent',
                 forward: {upstream: 'kafka://k1:9092/events', connected: true, mode: 'kafka', source: '5f0c2a',
                           sent_seq: 1200, acknowledged_seq: 1000, batches: 1200, resends: 1, failovers: 0, in_flight: 200,
                           errors: 3, too_large: 2}}
                """);

        assertTrue(lines.contains("  upstream      kafka://k1:9092/events: connected, kafka"), String.join("\n", lines));
        assertTrue(lines.contains("  sent          seq 1,200 in 1,200 records"), String.join("\n", lines));
        assertTrue(lines.contains("  in flight     200"), String.join("\n", lines));
        assertTrue(lines.contains("  errors        3"), String.join("\n", lines));
        assertTrue(lines.contains("  too large     2 set aside"), String.join("\n", lines));
    }

    @Test
    void anAgentWhoseBatchesTheUpstreamRefusesSaysWhyAndOneItTakesSaysNothingOfIt() {
        String status = """
                {last: null, events: {}, hosts: {}, role: 'agent',
                 forward: {upstream: 'master:3514', connected: true, mode: 'batches', source: '5f0c2a',
                           sent_seq: 1200, acknowledged_seq: 0, batches: 3, resends: 4, failovers: 0, refused: '%s'}}
                """;

        assertTrue(render(status.formatted("too_many_sources")).contains(
                "  refused       the upstream refuses this agent's batches: too_many_sources"));
        assertFalse(render(status.formatted("")).stream().anyMatch(line -> line.contains("refused")));
    }

    @Test
    void aMasterConsumingFromKafkaShowsItsGroupAndWhereEachPartitionStands() {
        List<String> lines = render("""
                {last: null, events: {}, hosts: {}, role: 'master',
                 kafka: {upstream: 'kafka://k1:9092/events', group: 'masters', connected: false,
                         partitions: [{partition: 'events/0', next_offset: 12000, read_offset: 12040, lag: 7},
                                      {partition: 'events/3', next_offset: 0, read_offset: -1, lag: -1}],
                         records: 12040, superseded: 12, declined: 1, rebalances: 2, errors: 4,
                         last_error: 'Timeout expired while fetching topic metadata'}}
                """);
        String table = String.join("\n", lines);

        assertTrue(lines.contains("Kafka"), table);
        assertTrue(lines.contains("  topic       kafka://k1:9092/events: NOT in group masters"), table);
        assertTrue(lines.contains("  events/0    written to 12,000, read to 12,040, lag 7"), table);
        assertTrue(lines.contains("  events/3    written to 0, read to -1, lag not known yet"), table);
        assertTrue(lines.contains("  records     12,040 taken, 12 read again, 1 declined"), table);
        assertTrue(lines.contains("  errors      4 (last: Timeout expired while fetching topic metadata)"), table);
        assertFalse(table.contains("partitions"), "the array is rendered, not dumped: " + table);
    }

    @Test
    void aReplyFromBeforeRolesPrintsAsItAlwaysDid() {
        String table = new StatusTable("127.0.0.1:3513", NOW).render(BsonDocument.parse("""
                {last: 1763900097.5, lag: 0.012, events: {request: {last: 1763900097.0, count: 3}}, hosts: {},
                 total: {events: 3, bytes: 300}, rejected: {not_bson: 0}, uptime: 5.0, version: '0.0.9'}
                """));
        assertEquals("""
                ziggyd 0.0.9 at 127.0.0.1:3513, up 5 s
                last event  2 s ago (lag 0.012 s)
                taken in    3 events, 300 bytes
                rejected    none

                TYPE     COUNT  LAST SEEN
                request      3  3 s ago

                Hosts: none yet
                """, table);
    }

    /** An agent's STATUS as AgentStatus writes it, with its {@code role} and {@code batches}. */
    private static String agent(String role, String batches) {
        return """
                {last: 1763900099.0, lag: 0.5, events: {request: {last: 1763900099.0, count: 10000}}, hosts: {},
                 total: {events: 10000, bytes: 4000000}, rejected: {not_bson: 0}, uptime: 100.0, version: '0.1.0',
                 role: '%s', %s,
                 queue: {bytes: {$numberLong: '2097152'}, events: {$numberLong: '1500'}, oldest_age: 4.2, segments: 2,
                         dropped: {$numberLong: '3'}, corrupt: {$numberLong: '0'}, rejected: {$numberLong: '1'},
                         next_seq: {$numberLong: '10001'}, written_seq: {$numberLong: '10000'}, synced_seq: {$numberLong: '9900'},
                         acknowledged_seq: {$numberLong: '8500'}, fsyncs: {$numberLong: '400'}, fsync_seconds: 2.0},
                 forward: {upstream: 'master:3514', connected: true, mode: 'batches', source: '5f0c2a',
                           sent_seq: {$numberLong: '9800'}, acknowledged_seq: {$numberLong: '8500'}, batches: {$numberLong: '42'},
                           resends: {$numberLong: '2'}, failovers: {$numberLong: '1'}}}
                """.formatted(role, batches);
    }

    private static List<String> render(String status) {
        return new StatusTable("127.0.0.1:3513", NOW).render(BsonDocument.parse(status)).lines().toList();
    }

    /** The lines from {@code heading} to the next empty line. */
    private static List<String> block(List<String> lines, String heading) {
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "no " + heading + " block in:\n" + String.join("\n", lines));
        int end = start;
        while (end < lines.size() && !lines.get(end).isEmpty()) {
            end++;
        }
        return lines.subList(start, end);
    }

    @Test
    void durationsShowTheTwoLargestUnits() {
        assertEquals("0 s", Figures.duration(0.4));
        assertEquals("59 s", Figures.duration(59.9));
        assertEquals("1 min 05 s", Figures.duration(65));
        assertEquals("2 h 00 min", Figures.duration(7200));
        assertEquals("3 d 04 h", Figures.duration(3 * 86_400 + 4 * 3600 + 59));
    }
}
