package ziggy.daemon.forwarding;

import static org.awaitility.Awaitility.await;
import static ziggy.daemon.ForwardingTestKit.acknowledged;
import static ziggy.daemon.ForwardingTestKit.ids;
import static ziggy.daemon.ForwardingTestKit.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
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
import ziggy.forward.ForwarderOptions;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.storage.dayfile.DayFileIds;

/**
 * A daemon given {@code --log-path} and {@code --forward} together, in this JVM, forwarding to a real
 * master: every event it takes is in its own day files once and in the master's once, across a restart.
 */
class FilesAndForwardingTest {
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(30);
    private static final int MAX_MESSAGE = DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES;

    @TempDir
    Path dir;

    private final Endpoint masterCollect = loopback();
    private final Endpoint masterControl = loopback();
    private final Endpoint agentCollect = loopback();
    private final Endpoint agentControl = loopback();
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
    void everyEventIsWrittenToTheAgentsDayFilesAndForwardedToTheMasterEachOnce() throws Exception {
        master = RunningDaemon.start(new DaemonSettings(masterCollect, masterControl, dir.resolve("master"), ZoneOffset.UTC,
                MAX_MESSAGE, Duration.ofSeconds(60), true, null));
        int httpPort = FreePort.pick();
        agent = RunningDaemon.start(agentSettings(), Endpoint.parse("127.0.0.1:" + httpPort, "--http"));
        try (ControlClient agentStatus = new ControlClient(agentControl, Duration.ofSeconds(5))) {
            send("first", 0, 3_000);
            awaitInBoth(agentStatus, "first", 3_000);

            BsonDocument status = agentStatus.status();
            assertEquals("agent", status.getString(StatusKeys.ROLE).getValue());
            assertEquals(dir.resolve("agent").toAbsolutePath().toString(), status.getString("log_path").getValue());
            assertTrue(status.isDocument(StatusKeys.FILES), status.toJson());
            assertEquals(masterCollect.toString(), status.getDocument(StatusKeys.FORWARD).getString("upstream").getValue());
            assertEquals(3_000, status.getDocument(StatusKeys.QUEUE).getInt64("acknowledged_seq").getValue());

            HttpProbe.Answer health = HttpProbe.ask(httpPort, "GET", "/healthcheck", Duration.ofSeconds(5));
            assertEquals(200, health.status(), health.body());
            assertTrue(health.body().contains("\"role\":\"agent\""), health.body());
        }
    }

    @Test
    void aRestartedDaemonGoesOnWithoutWritingOrForwardingAnythingTwice() throws Exception {
        master = RunningDaemon.start(new DaemonSettings(masterCollect, masterControl, dir.resolve("master"), ZoneOffset.UTC,
                MAX_MESSAGE, Duration.ofSeconds(60), true, null));
        agent = RunningDaemon.start(agentSettings());
        try (ControlClient agentStatus = new ControlClient(agentControl, Duration.ofSeconds(5))) {
            send("before", 0, 2_000);
            awaitInBoth(agentStatus, "before", 2_000);
        }
        agent.stop();
        agent = RunningDaemon.start(agentSettings());
        try (ControlClient agentStatus = new ControlClient(agentControl, Duration.ofSeconds(5))) {
            send("after", 0, 2_000);
            await().atMost(DELIVERY_LIMIT).until(() -> acknowledged(agentStatus) == 4_000);
            Map<String, Integer> expected = new HashMap<>(ids("before", 2_000));
            expected.putAll(ids("after", 2_000));
            await().atMost(DELIVERY_LIMIT).until(() -> DayFileIds.counts(dir.resolve("agent")).equals(expected)
                    && DayFileIds.counts(dir.resolve("master")).equals(expected));
        }
    }

    @Test
    void batchesOfAnAgentForwardingThroughItAreWrittenOnceHereAndOnceAtTheMaster() throws Exception {
        master = RunningDaemon.start(new DaemonSettings(masterCollect, masterControl, dir.resolve("master"), ZoneOffset.UTC,
                MAX_MESSAGE, Duration.ofSeconds(60), true, null));
        agent = RunningDaemon.start(agentSettings());
        Endpoint downstreamCollect = loopback();
        Endpoint downstreamControl = loopback();
        ForwardSettings toAgent = ForwardingTestKit.forwardTo(dir.resolve("downstream-queue"), agentCollect, agentControl,
                ForwarderOptions.defaults());
        RunningDaemon downstream = RunningDaemon.start(new DaemonSettings(downstreamCollect, downstreamControl, null,
                ZoneOffset.UTC, MAX_MESSAGE, Duration.ofSeconds(60), true, toAgent));
        try (ControlClient downstreamStatus = new ControlClient(downstreamControl, Duration.ofSeconds(5));
             ControlClient agentStatus = new ControlClient(agentControl, Duration.ofSeconds(5))) {
            ForwardingTestKit.send(zmq, downstreamCollect, "relayed", 0, 3_000);
            // The downstream agent's events are acknowledged by this daemon only once durable in both of its sinks.
            await().atMost(DELIVERY_LIMIT).until(() -> acknowledged(downstreamStatus) == 3_000);
            assertEquals(ids("relayed", 3_000), DayFileIds.counts(dir.resolve("agent")));
            await().atMost(DELIVERY_LIMIT).until(() -> acknowledged(agentStatus) == 3_000);
            assertEquals(ids("relayed", 3_000), DayFileIds.counts(dir.resolve("master")));
            assertEquals("relay", agentStatus.status().getString(StatusKeys.ROLE).getValue());
        } finally {
            downstream.stop();
        }
    }

    @Test
    void theLogFolderTurningUnwritableFailsTheHealthCheckOfTheAgentToo() throws Exception {
        master = RunningDaemon.start(new DaemonSettings(masterCollect, masterControl, dir.resolve("master"), ZoneOffset.UTC,
                MAX_MESSAGE, Duration.ofSeconds(60), true, null));
        int httpPort = FreePort.pick();
        agent = RunningDaemon.start(agentSettings(), Endpoint.parse("127.0.0.1:" + httpPort, "--http"));
        Path logPath = dir.resolve("agent");
        Path aside = dir.resolve("agent-aside");
        Files.move(logPath, aside);
        Files.writeString(logPath, "a file where the folder was");
        try {
            await().atMost(DELIVERY_LIMIT).untilAsserted(() -> {
                HttpProbe.Answer health = HttpProbe.ask(httpPort, "GET", "/healthcheck", Duration.ofSeconds(5));
                assertEquals(503, health.status(), health.body());
                assertTrue(health.body().contains("log folder"), health.body());
            });
        } finally {
            Files.delete(logPath);
            Files.move(aside, logPath);
        }
    }

    private DaemonSettings agentSettings() {
        ForwardSettings forward = ForwardingTestKit.forwardTo(dir.resolve("queue"), masterCollect, masterControl,
                ForwarderOptions.defaults());
        return new DaemonSettings(agentCollect, agentControl, dir.resolve("agent"), ZoneOffset.UTC, MAX_MESSAGE,
                Duration.ofSeconds(60), true, forward);
    }

    /** Events {@code prefix-from .. prefix-(to-1)} to the daemon with both sinks, from a client's PUSH socket. */
    private void send(String prefix, int from, int to) {
        ForwardingTestKit.send(zmq, agentCollect, prefix, from, to);
    }

    private void awaitInBoth(ControlClient agentStatus, String prefix, int events) {
        await().atMost(DELIVERY_LIMIT).until(() -> acknowledged(agentStatus) == events);
        Map<String, Integer> expected = ids(prefix, events);
        await().atMost(DELIVERY_LIMIT).until(() -> DayFileIds.counts(dir.resolve("agent")).equals(expected)
                && DayFileIds.counts(dir.resolve("master")).equals(expected));
    }
}
