package ziggy.system.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.protocol.security.CurveCertificate;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.system.forwarding.MidStreamKills;
import ziggy.system.tools.Launchers;
import ziggy.testing.EventLoad;
import ziggy.testing.PythonPeer;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;
import ziggy.testing.ToolRun;

/**
 * A fleet of two as an operator rolls CURVE out (docs/security.md): keys made by {@code ziggyctl keygen};
 * a packaged master with {@code --curve-cert}, {@code --curve-clients} and {@code --curve-admins}; a
 * packaged agent with files of its own forwarding to it with {@code --forward-curve-server}; a libzmq
 * application sending to the agent over CURVE. The agent is killed with -9 mid-stream and started again,
 * then the master; at the end the master's files hold exactly the events of the agent's, each once.
 * Then the tools over CURVE: {@code ziggyview -H} follows the master's stream, {@code ziggyctl status}
 * reads it, {@code ziggyctl shutdown} is refused to a client key and done for an admin key.
 */
class CurveFleetTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void anAgentForwardsOverCurveThroughKillsOfEitherAndTheToolsNeedTheirKeys() throws Exception {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        for (String name : new String[] {"master", "agent", "operator"}) {
            ToolRun keygen = Launchers.run("ziggyctl", null, "keygen", name, "--dir", keys.toString());
            assertEquals(0, keygen.exitCode(), keygen.stderr());
        }
        Path clients = trusting(dir.resolve("clients"), keys, "agent", "operator");
        Path admins = trusting(dir.resolve("admins"), keys, "operator");
        Path masterLog = dir.resolve("master-log");
        Path agentLog = dir.resolve("agent-log");
        CurveCertificate master = CurveCertificate.load(keys.resolve("master.key"));
        CurveCertificate agent = CurveCertificate.load(keys.resolve("agent.key"));
        CurveCertificate operator = CurveCertificate.load(keys.resolve("operator.key_secret"));
        int events = 60_000;

        try (RealDaemon masterDaemon = Launchers.packaged(RealDaemon.master(masterLog))
                     .with("--curve-cert=" + keys.resolve("master.key_secret"), "--curve-clients=" + clients,
                             "--curve-admins=" + admins)
                     .asCurveClient(clientOf(master, operator))
                     .start();
             RealDaemon agentDaemon = Launchers.packaged(RealDaemon.master(agentLog))
                     .with("--queue-path=" + dir.resolve("agent-queue"), "--forward=127.0.0.1:" + masterDaemon.collectPort(),
                             "--forward-control=" + masterDaemon.control(), "--curve-cert=" + keys.resolve("agent.key_secret"),
                             "--forward-curve-server=" + keys.resolve("master.key"))
                     .asCurveClient(clientOf(agent, operator))
                     .start()) {
            Process sender = EventLoad.startOverCurve(agentDaemon.collectPort(), agent.publicKeyZ85(), "mid", events, 100);
            MidStreamKills.killAgentThenMaster(agentDaemon, masterDaemon, sender, 10_000, LIMIT);
            EventLoad.sendOverCurve(agentDaemon.collectPort(), agent.publicKeyZ85(), "tail", 1_000);

            try {
                MidStreamKills.awaitMasterHoldsTheAgentsEvents(agentDaemon, agentLog, masterLog, "tail-999", LIMIT);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the master's files never matched the agent's: agent " + DayFileIds.counts(agentLog).size()
                        + " events, master " + DayFileIds.counts(masterLog).size() + "; agent status " + agentDaemon.status()
                        + "\nagent:\n" + agentDaemon.output() + "\nmaster:\n" + masterDaemon.output(), e);
            }
            Map<String, Integer> local = DayFileIds.counts(agentLog);
            Map<String, Integer> forwarded = DayFileIds.counts(masterLog);
            forwarded.forEach((id, count) -> assertEquals(1, count, "the master's files hold " + id + " once"));
            assertEquals(local.keySet(), forwarded.keySet(), "the master's files hold the events the agent took");
            for (int i = 0; i < 1_000; i++) {
                assertEquals(1, forwarded.getOrDefault("tail-" + i, 0), "tail-" + i + ", sent with both up");
            }
            assertTrue(forwarded.size() > events / 2, "most events survived the two kills: " + forwarded.size());
            BsonDocument security = masterDaemon.requiredStatus().getDocument("security");
            assertTrue(security.getBoolean("curve").getValue(), security.toJson());

            String masterKey = keys.resolve("master.key").toString();
            try (ToolRun view = Launchers.start("ziggyview", null, "-H", masterDaemon.control(), "--curve-server", masterKey,
                    "--curve-cert", keys.resolve("operator.key_secret").toString(), "--type-name", "live", "--limit", "1")) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    masterDaemon.send(TestEvents.bson("{type: 'live', id: 'seen-live'}"));
                    return !view.jsonLines().isEmpty();
                });
                assertEquals(0, view.awaitExit(Duration.ofSeconds(10)), view.stderr());
                assertEquals("seen-live", view.jsonLines().get(0).get("id").asText());
            }
            ToolRun status = Launchers.run("ziggyctl", null, "-H", agentDaemon.control(), "--curve-server",
                    keys.resolve("agent.key").toString(), "status");
            assertEquals(0, status.exitCode(), status.stderr());
            assertTrue(status.stdout().lines().findFirst().orElse("").contains(", agent, up"), status.stdout());

            Path noToken = dir.resolve("no-token");
            ToolRun refused = Launchers.run("ziggyctl", null, "-H", masterDaemon.control(), "--curve-server", masterKey,
                    "--curve-cert", keys.resolve("agent.key_secret").toString(), "shutdown", "--admin-token-file", noToken.toString());
            refused.assertOneLineFailure(1);
            assertTrue(refused.stderr().contains("Not Authorized"), refused.stderr());
            assertTrue(masterDaemon.requiredStatus().containsKey("total"), "a refused shutdown leaves the master up");

            ToolRun shutdown = Launchers.run("ziggyctl", null, "-H", masterDaemon.control(), "--curve-server", masterKey,
                    "--curve-cert", keys.resolve("operator.key_secret").toString(), "shutdown", "--admin-token-file", noToken.toString());
            assertEquals(0, shutdown.exitCode(), shutdown.stderr());
            assertEquals(0, masterDaemon.awaitExit(), masterDaemon.output());
            ToolRun agentShutdown = Launchers.run("ziggyctl", null, "-H", agentDaemon.control(), "--curve-server",
                    keys.resolve("agent.key").toString(), "shutdown", "--admin-token-file", agentDaemon.adminTokenFile().toString());
            assertEquals(0, agentShutdown.exitCode(), agentShutdown.stderr());
            assertEquals(0, agentDaemon.awaitExit(), agentDaemon.output());
        }
    }

    /** A folder of the public certificates of {@code names}, as an operator fills --curve-clients or --curve-admins. */
    private static Path trusting(Path folder, Path keys, String... names) throws IOException {
        Files.createDirectories(folder);
        for (String name : names) {
            Files.copy(keys.resolve(name + CurveCertificate.PUBLIC_SUFFIX), folder.resolve(name + CurveCertificate.PUBLIC_SUFFIX));
        }
        return folder;
    }

    private static RealDaemon.CurveClient clientOf(CurveCertificate server, CurveCertificate client) {
        return new RealDaemon.CurveClient(server.publicKeyZ85(), client.publicKeyZ85(), client.secretKeyZ85());
    }
}
