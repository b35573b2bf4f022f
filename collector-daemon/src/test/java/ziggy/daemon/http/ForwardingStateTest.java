package ziggy.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

/**
 * What an agent's STATUS ({@code role}, {@code queue}, {@code forward}, as {@code ziggy.daemon.agent.AgentStatus}
 * writes them) and a master's {@code batches} become in {@code /metrics} and {@code /healthcheck}.
 */
class ForwardingStateTest {
    private final AtomicReference<BsonDocument> status = new AtomicReference<>(agentStatus(12.5, 0));

    private static BsonDocument agentStatus(double oldestAge, long rejected) {
        return new BsonDocument("uptime", new BsonDouble(99.9))
                .append("version", new BsonString("1.2.3"))
                .append("total", new BsonDocument("events", new BsonInt64(1000)).append("bytes", new BsonInt64(250_000)))
                .append("role", new BsonString("agent"))
                .append("queue", new BsonDocument()
                        .append("bytes", new BsonInt64(4096))
                        .append("events", new BsonInt64(17))
                        .append("oldest_age", new BsonDouble(oldestAge))
                        .append("segments", new BsonInt32(2))
                        .append("dropped", new BsonInt64(3))
                        .append("corrupt", new BsonInt64(1))
                        .append("rejected", new BsonInt64(rejected))
                        .append("next_seq", new BsonInt64(1001))
                        .append("written_seq", new BsonInt64(1000))
                        .append("synced_seq", new BsonInt64(990))
                        .append("acknowledged_seq", new BsonInt64(983))
                        .append("fsyncs", new BsonInt64(400))
                        .append("fsync_seconds", new BsonDouble(2.5)))
                .append("forward", new BsonDocument()
                        .append("upstream", new BsonString("master:3514"))
                        .append("connected", BsonBoolean.TRUE)
                        .append("mode", new BsonString("batches"))
                        .append("source", new BsonString("3f2a"))
                        .append("sent_seq", new BsonInt64(1000))
                        .append("acknowledged_seq", new BsonInt64(983))
                        .append("batches", new BsonInt64(40))
                        .append("resends", new BsonInt64(2))
                        .append("failovers", new BsonInt64(0))
                        .append("too_large", new BsonInt64(1)))
                .append("batches", new BsonDocument()
                        .append("received", new BsonInt64(5))
                        .append("events", new BsonInt64(50))
                        .append("duplicates", new BsonInt64(7))
                        .append("gaps", new BsonInt64(0))
                        .append("sources", new BsonInt32(1)));
    }

    /** As an agent has them: no day files, so no {@link DayFileWrites}. */
    private String metrics() {
        return new String(new MetricsPage(new StatusMetrics(status::get, null), null).render(), StandardCharsets.UTF_8);
    }

    @Test
    void theQueueForwardAndBatchSectionsBecomeWellNamedMetrics() throws Exception {
        String text = metrics();

        PrometheusText.checkStrictly(text);
        PrometheusText.checkWithPromtoolWhereInstalled(text);
        assertSample(text, "ziggyd_queue_bytes 4096.0");
        assertSample(text, "ziggyd_queue_events 17.0");
        assertSample(text, "ziggyd_queue_oldest_age_seconds 12.5");
        assertSample(text, "ziggyd_queue_dropped_events_total 3.0");
        assertSample(text, "ziggyd_queue_corrupt_events_total 1.0");
        assertSample(text, "ziggyd_queue_acknowledged_seq 983.0");
        assertSample(text, "ziggyd_queue_fsyncs_total 400.0");
        assertSample(text, "ziggyd_queue_fsync_seconds_total 2.5");
        assertSample(text, "ziggyd_forward_sent_seq 1000.0");
        assertSample(text, "ziggyd_forward_acknowledged_seq 983.0");
        assertSample(text, "ziggyd_forward_connected 1.0");
        assertSample(text, "ziggyd_forward_resends_total 2.0");
        assertSample(text, "ziggyd_forward_too_large_events_total 1.0");
        assertSample(text, "ziggyd_forward_info{mode=\"batches\",source=\"3f2a\",upstream=\"master:3514\"} 1");
        assertSample(text, "ziggyd_batches_duplicate_events_total 7.0");
        assertSample(text, "ziggyd_batches_sources 1.0");
        assertSample(text, "ziggyd_role_info{role=\"agent\"} 1");
        assertSample(text, "ziggyd_events_received_total 1000.0");
        assertTrue(!text.contains("ziggyd_day_file_write_seconds") && !text.contains("ziggyd_events_written"),
                "an agent writes no day files");
    }

    private static void assertSample(String text, String line) {
        assertTrue(text.contains("\n" + line + "\n"), "no line '" + line + "' in\n" + text);
    }

    @Test
    void healthFailsWhenTheUpstreamHasNotAcknowledgedForLongerThanTheThreshold() {
        ForwardingHealth health = new ForwardingHealth(status::get, Duration.ofSeconds(300));
        assertEquals(Optional.empty(), health.problem());

        status.set(agentStatus(301, 0));
        String problem = health.problem().orElseThrow();
        assertTrue(problem.contains("the upstream master:3514 has not acknowledged the oldest queued event for 301 s"), problem);
        assertTrue(problem.contains("17 events waiting"), problem);

        status.set(agentStatus(0, 0));
        assertEquals(Optional.empty(), health.problem(), "healthy again once acknowledged");
    }

    @Test
    void healthSaysWhyWhenTheUpstreamRefusesTheAgentsBatches() {
        ForwardingHealth health = new ForwardingHealth(status::get, Duration.ofSeconds(300));
        BsonDocument refused = agentStatus(301, 0);
        refused.getDocument("forward").append("refused", new BsonString("too_many_sources"));
        status.set(refused);

        String problem = health.problem().orElseThrow();
        assertTrue(problem.endsWith("17 events waiting; it refuses this agent's batches: too_many_sources)"), problem);
    }

    @Test
    void healthFailsWhileTheQueueRefusesEvents() {
        ForwardingHealth health = new ForwardingHealth(status::get, Duration.ofSeconds(300));
        assertEquals(Optional.empty(), health.problem());

        status.set(agentStatus(1, 25));
        String problem = health.problem().orElseThrow();
        assertTrue(problem.contains("the queue is refusing events"), problem);
        assertTrue(health.problem().isPresent(), "still failing right after, though the count stands still");
    }

    @Test
    void aMastersStatusHasNoForwardingToCheck() {
        BsonDocument master = new BsonDocument("uptime", new BsonDouble(1)).append("role", new BsonString("master"));
        assertEquals(Optional.empty(), new ForwardingHealth(() -> master, Duration.ofSeconds(1)).problem());
    }
}
