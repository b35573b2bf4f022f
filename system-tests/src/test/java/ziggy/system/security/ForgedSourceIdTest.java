package ziggy.system.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.security.CurveCertificate;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.EventLoad;
import ziggy.testing.PythonPeer;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * An attacker on one host of a CURVE fleet, holding a client key the master trusts, learns an agent's source
 * id (it is in that agent's STATUS, and no secret) and sends the master one batch under that id with a seq far
 * ahead. The master keeps a source's marks under the key its connection proved, so the forged batch moves marks
 * of the attacker's own: the agent's later events are all still taken, none dropped as a duplicate of the
 * forged seq, and the agent is acknowledged no further than it sent.
 */
class ForgedSourceIdTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final long FORGED_SEQ = 1_000_000_000L;

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void aBatchUnderAnotherAgentsSourceIdFromAnotherKeyLosesThatAgentNothing() throws IOException {
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Path clients = Files.createDirectory(dir.resolve("clients"));
        CurveCertificate master = certificate(keys, clients, "master", false);
        CurveCertificate agent = certificate(keys, clients, "agent", true);
        CurveCertificate forger = certificate(keys, clients, "forger", true);
        CurveCertificate tests = certificate(keys, clients, "tests", true);
        Path masterLog = dir.resolve("master-log");

        try (RealDaemon masterDaemon = RealDaemon.master(masterLog)
                     .with("--curve-cert=" + keys.resolve("master.key_secret"), "--curve-clients=" + clients)
                     .asCurveClient(clientOf(master, tests))
                     .start();
             RealDaemon agentDaemon = RealDaemon.agent(dir.resolve("agent-queue"), masterDaemon)
                     .with("--curve-cert=" + keys.resolve("agent.key_secret"), "--forward-curve-server=" + keys.resolve("master.key"))
                     .asCurveClient(clientOf(agent, tests))
                     .start()) {
            EventLoad.sendOverCurve(agentDaemon.collectPort(), agent.publicKeyZ85(), "before", 100);
            awaitHeld(masterLog, "before-99");
            String victim = agentDaemon.requiredStatus().getDocument(StatusKeys.FORWARD).getString(StatusKeys.FORWARD_SOURCE)
                    .getValue();

            sendForgedBatch(masterDaemon.collectPort(), master, forger, victim, masterLog);
            EventLoad.sendOverCurve(agentDaemon.collectPort(), agent.publicKeyZ85(), "after", 100);

            awaitHeld(masterLog, "after-99");
            Map<String, Integer> held = DayFileIds.counts(masterLog);
            for (int i = 0; i < 100; i++) {
                assertEquals(1, held.getOrDefault("before-" + i, 0), "before-" + i);
                assertEquals(1, held.getOrDefault("after-" + i, 0), "after-" + i + ", sent after the forged batch");
            }
            await().atMost(LIMIT).until(() -> agentDaemon.requiredStatus().getDocument(StatusKeys.FORWARD)
                    .get(StatusKeys.FORWARD_ACKNOWLEDGED_SEQ).asNumber().longValue() == 200);
            assertTrue(masterDaemon.requiredStatus().getDocument(StatusKeys.BATCHES).get(StatusKeys.BATCHES_SOURCES).asNumber().intValue() >= 2,
                    "the forger's marks are its own: " + masterDaemon.requiredStatus().toJson());
        }
    }

    /**
     * One batch [header, event] under {@code sourceId}, from a CURVE client of the forger's own key; returns once the
     * master's files hold its event (closing the context sooner could drop it: ZContext closes its sockets unlingered).
     */
    private static void sendForgedBatch(int collectPort, CurveCertificate master, CurveCertificate forger, String sourceId,
                                        Path masterLog) {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setCurveServerKey(master.publicKey());
            push.setCurvePublicKey(forger.publicKey());
            push.setCurveSecretKey(forger.secretKey());
            push.setHandshakeIvl(1000); // JeroMQ 0.6.0 leaves a fresh connection stuck in its greeting now and then: redial
            push.connect("tcp://127.0.0.1:" + collectPort);
            assertTrue(push.sendMore(new BatchHeader(sourceId, FORGED_SEQ, 1).encode()));
            assertTrue(push.send(TestEvents.bson("{type: 'request', id: 'forged'}")));
            awaitHeld(masterLog, "forged");
        }
    }

    private static void awaitHeld(Path masterLog, String id) {
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(100)).until(() -> DayFileIds.counts(masterLog).containsKey(id));
    }

    /** Writes NAME.key and NAME.key_secret; a trusted one's public certificate also goes into {@code clients}. */
    private static CurveCertificate certificate(Path keys, Path clients, String name, boolean trusted) throws IOException {
        CurveCertificate certificate = CurveCertificate.generate();
        certificate.write(keys, name);
        if (trusted) {
            Files.copy(keys.resolve(name + CurveCertificate.PUBLIC_SUFFIX), clients.resolve(name + CurveCertificate.PUBLIC_SUFFIX));
        }
        return certificate;
    }

    private static RealDaemon.CurveClient clientOf(CurveCertificate server, CurveCertificate client) {
        return new RealDaemon.CurveClient(server.publicKeyZ85(), client.publicKeyZ85(), client.secretKeyZ85());
    }
}
