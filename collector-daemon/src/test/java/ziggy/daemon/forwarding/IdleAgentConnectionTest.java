package ziggy.daemon.forwarding;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.daemon.CollectLimits;
import ziggy.daemon.DaemonSettings;
import ziggy.daemon.RunningDaemon;
import ziggy.daemon.agent.ForwardSettings;
import ziggy.forward.ForwarderOptions;
import ziggy.forward.Upstream;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.FreePort;

/** An agent with nothing to send keeps its connection to the master: heartbeats count as traffic. */
class IdleAgentConnectionTest {
    private static final int MAX_MESSAGE = DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES;

    @TempDir
    Path folder;

    @Test
    void anIdleAgentsHeartbeatsKeepItsConnectionPastTheMastersIdleTimeout() throws Exception {
        Endpoint masterCollect = loopback();
        Endpoint masterControl = loopback();
        RunningDaemon master = RunningDaemon.start(new DaemonSettings(masterCollect, masterControl, folder.resolve("log"),
                ZoneOffset.UTC, MAX_MESSAGE, Duration.ofSeconds(60), true, null,
                new CollectLimits(16, Duration.ofSeconds(2), CollectLimits.defaultMemoryBytes(MAX_MESSAGE))));
        RunningDaemon agent = null;
        try (ControlClient masterStatus = new ControlClient(masterControl, Duration.ofSeconds(2))) {
            ForwardSettings forward = new ForwardSettings(folder.resolve("queue"),
                    QueueOptions.of(1L << 30, FullPolicy.parse("block"), FsyncPolicy.parse("never")),
                    Upstream.parseAll(masterCollect.toString(), masterControl.toString()),
                    ForwarderOptions.defaults().withHeartbeat(Duration.ofMillis(250)));
            Endpoint agentControl = loopback();
            agent = RunningDaemon.start(new DaemonSettings(loopback(), agentControl, null, ZoneOffset.UTC, MAX_MESSAGE,
                    Duration.ofSeconds(60), true, forward));
            // Counted from the connection that completed its handshake: a first one that stalls is dropped
            // by the agent after 2 s and dialled again, and that is no idle close.
            try (ControlClient agentStatus = new ControlClient(agentControl, Duration.ofSeconds(2))) {
                await().atMost(Duration.ofSeconds(10)).until(() -> forwarding(agentStatus));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> collect(masterStatus).getInt64("connections").getValue() == 1);
            // Usually 1; 2 when JeroMQ gave up a stalled first handshake and dialled again before the connection held.
            long accepted = collect(masterStatus).getInt64("accepted").getValue();

            // Three idle timeouts without an event: the same connection stays, and nothing was closed for idleness.
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(9)).until(() -> {
                BsonDocument collect = collect(masterStatus);
                return collect.getInt64("connections").getValue() == 1 && collect.getInt64("accepted").getValue() == accepted;
            });
            assertEquals(0, collect(masterStatus).getDocument("refusals").getInt64("idle_timeout").getValue());
        } finally {
            if (agent != null) {
                agent.stop();
            }
            master.stop();
        }
    }

    private static boolean forwarding(ControlClient agent) {
        BsonDocument forward = agent.status().getDocument(StatusKeys.FORWARD);
        return forward.getBoolean(StatusKeys.FORWARD_CONNECTED).getValue();
    }

    private static BsonDocument collect(ControlClient client) {
        return client.status().getDocument("collect");
    }

    private static Endpoint loopback() {
        return Endpoint.parse("127.0.0.1:" + FreePort.pick(), "a port");
    }
}
