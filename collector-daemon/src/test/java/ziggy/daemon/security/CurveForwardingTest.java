package ziggy.daemon.security;

import static org.awaitility.Awaitility.await;
import static ziggy.daemon.ForwardingTestKit.acknowledged;
import static ziggy.daemon.ForwardingTestKit.ids;
import static ziggy.daemon.ForwardingTestKit.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import ziggy.daemon.DaemonSettings;
import ziggy.daemon.ForwardingTestKit;
import ziggy.daemon.RunningDaemon;
import ziggy.daemon.agent.ForwardSettings;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.forward.ForwarderOptions;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveClientKeys;

/**
 * An agent forwarding to a master that speaks only CURVE ({@code --forward-curve-server}): batches and
 * COMMITTED go over CURVE, every event reaches the master's files once, across a restart of the master;
 * an agent whose key the master does not know delivers nothing and is counted on both ports it tries.
 */
class CurveForwardingTest {
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private final Endpoint masterCollect = loopback();
    private final Endpoint masterControl = loopback();
    private final ZContext zmq = new ZContext(1);
    private RunningDaemon master;
    private RunningDaemon agent;

    @AfterEach
    void stopDaemons() {
        if (agent != null) {
            agent.stop();
        }
        if (master != null) {
            master.stop();
        }
        zmq.close();
    }

    @Test
    void anAuthorizedAgentForwardsEveryEventOnceAcrossARestartOfTheMaster() throws Exception {
        CurveKeys keys = new CurveKeys(dir.resolve("keys"));
        master = RunningDaemon.start(masterSettings(keys));
        Endpoint agentCollect = loopback();
        Endpoint agentControl = loopback();
        agent = RunningDaemon.start(agentSettings(keys, "alice", agentCollect, agentControl));
        try (ControlClient agentStatus = new ControlClient(agentControl, Duration.ofSeconds(5))) {
            send(agentCollect, "before", 0, 2_000);
            await().atMost(DELIVERY_LIMIT).until(() -> acknowledged(agentStatus) == 2_000);
            master.stop();
            send(agentCollect, "during", 0, 1_000);
            master = RunningDaemon.start(masterSettings(keys));
            send(agentCollect, "after", 0, 1_000);
            await().atMost(DELIVERY_LIMIT).until(() -> acknowledged(agentStatus) == 4_000);
            Map<String, Integer> expected = ids("before", 2_000);
            expected.putAll(ids("during", 1_000));
            expected.putAll(ids("after", 1_000));
            await().atMost(DELIVERY_LIMIT).until(() -> DayFileIds.counts(dir.resolve("master")).equals(expected));
            assertEquals("batches", agentStatus.status().getDocument(StatusKeys.FORWARD).getString(StatusKeys.FORWARD_MODE)
                    .getValue());
        }
    }

    @Test
    void anAgentWhoseKeyTheMasterDoesNotKnowDeliversNothingAndIsCounted() throws Exception {
        CurveKeys keys = new CurveKeys(dir.resolve("keys"));
        master = RunningDaemon.start(masterSettings(keys));
        Endpoint agentCollect = loopback();
        agent = RunningDaemon.start(agentSettings(keys, "mallory", agentCollect, loopback()));
        send(agentCollect, "refused", 0, 100);
        CurveClientKeys alice = new CurveClientKeys(keys.server(), keys.certificate("alice"));
        await().atMost(DELIVERY_LIMIT).until(() -> {
            BsonDocument refusals = masterStatus(alice).getDocument(StatusKeys.SECURITY).getDocument(StatusKeys.SECURITY_REFUSALS);
            return refusals.getDocument("collect").getInt64("unauthorized_key").getValue() >= 1
                    && refusals.getDocument("control").getInt64("unauthorized_key").getValue() >= 1;
        });
        assertEquals(0, masterStatus(alice).getDocument(StatusKeys.TOTAL).getInt64(StatusKeys.TOTAL_EVENTS).getValue());
        assertEquals(Map.of(), DayFileIds.counts(dir.resolve("master")));
    }

    private DaemonSettings masterSettings(CurveKeys keys) {
        return new DaemonSettings(masterCollect, masterControl, dir.resolve("master"), ZoneOffset.UTC,
                DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(60), true, null).withSecurity(keys.settings());
    }

    /** An agent without CURVE toward its own clients, speaking CURVE with {@code name}'s key to the master. */
    private DaemonSettings agentSettings(CurveKeys keys, String name, Endpoint collect, Endpoint control) {
        ForwardSettings forward = ForwardingTestKit.forwardTo(dir.resolve("queue-" + name), masterCollect, masterControl,
                ForwarderOptions.defaults().withCurve(new CurveClientKeys(keys.server(), keys.certificate(name))));
        return new DaemonSettings(collect, control, null, ZoneOffset.UTC, DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                Duration.ofSeconds(60), true, forward);
    }

    private BsonDocument masterStatus(CurveClientKeys keys) {
        BsonDocument status = CurveRequests.ask(zmq, masterControl, keys, ControlCommand.STATUS.request(), Duration.ofSeconds(10));
        if (status == null) {
            throw new AssertionError("the master did not answer STATUS over CURVE");
        }
        return status;
    }

    private void send(Endpoint collect, String prefix, int from, int to) {
        ForwardingTestKit.send(zmq, collect, prefix, from, to);
    }
}
