package ziggy.daemon.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.daemon.DaemonSettings;
import ziggy.daemon.RunningDaemon;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.AdminToken;
import ziggy.protocol.security.CurveClientKeys;
import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.PythonPeer;

/**
 * A master with {@code --curve-cert}: libzmq (pyzmq) and JeroMQ clients with an authorized key are
 * served on every port; a key not in {@code --curve-clients} and a client without CURVE get nothing,
 * and each refusal is counted in STATUS. Admin commands need the admin token or a {@code --curve-admins} key.
 */
class CurveDaemonTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** How long a refused client waits for a reply that must not come. */
    private static final int NO_REPLY_MILLIS = 1500;

    /** sys.argv: collect port, server public cert ('-' for a plain client), client secret cert, id prefix, count. */
    private static final String PUSH_PEER = String.join("\n",
            "import sys, zmq, zmq.auth, bson",
            "collect, server, client, prefix, n = sys.argv[1:6]",
            "ctx = zmq.Context()",
            "push = ctx.socket(zmq.PUSH); push.setsockopt(zmq.LINGER, 3000)",
            "if server != '-':",
            "    push.curve_serverkey = zmq.auth.load_certificate(server)[0]",
            "    push.curve_publickey, push.curve_secretkey = zmq.auth.load_certificate(client)",
            "push.connect('tcp://127.0.0.1:' + collect)",
            "for i in range(int(n)):",
            "    push.send(bson.encode({'type': 'request', 'id': '%s-%d' % (prefix, i), 'start': 1763900000.0 + i}))",
            "push.close(); ctx.term()");

    @TempDir
    Path folder;

    private final ZContext zmq = new ZContext(1);
    private final Endpoint collect = loopback();
    private final Endpoint control = loopback();
    private RunningDaemon daemon;

    @BeforeAll
    static void python() {
        PythonPeer.requireZmqAndBson();
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        zmq.close();
    }

    private static Endpoint loopback() {
        return Endpoint.parse("127.0.0.1:" + FreePort.pick(), "test");
    }

    private DaemonSettings master(Endpoint controlAt, SecuritySettings security) {
        return new DaemonSettings(collect, controlAt, folder.resolve("logs"), ZoneOffset.UTC,
                DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(60), true, null).withSecurity(security);
    }

    private RunningDaemon startCurveMaster(CurveKeys keys) throws Exception {
        daemon = RunningDaemon.start(master(control, keys.settings()));
        return daemon;
    }

    @Test
    void aPyzmqClientWithAnAuthorizedKeyDeliversAndAnUnknownKeyOrNoCurveDeliversNothingCounted() throws Exception {
        CurveKeys keys = new CurveKeys(folder.resolve("keys"));
        startCurveMaster(keys);
        String port = Integer.toString(collect.port());
        PythonPeer.run(PUSH_PEER, LIMIT, port, keys.serverPublic.toString(), keys.secret("alice").toString(), "alice", "50")
                .assertSuccess();
        PythonPeer.run(PUSH_PEER, LIMIT, port, keys.serverPublic.toString(), keys.secret("mallory").toString(), "mallory", "50")
                .assertSuccess();
        PythonPeer.run(PUSH_PEER, LIMIT, port, "-", "-", "plain", "50").assertSuccess();

        CurveClientKeys alice = new CurveClientKeys(keys.server(), keys.certificate("alice"));
        await().atMost(LIMIT).until(() -> refusals(status(alice), "collect", "unauthorized_key") >= 1
                && refusals(status(alice), "collect", "mechanism") >= 1);
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            expected.put("alice-" + i, 1);
        }
        await().atMost(LIMIT).until(() -> DayFileIds.counts(folder.resolve("logs")).equals(expected));
        BsonDocument status = status(alice);
        assertEquals(50, status.getDocument(StatusKeys.TOTAL).getInt64(StatusKeys.TOTAL_EVENTS).getValue());
        BsonDocument collectRefusals = status.getDocument(StatusKeys.COLLECT).getDocument(StatusKeys.COLLECT_REFUSALS);
        assertEquals(refusals(status, "collect", "unauthorized_key"), collectRefusals.getInt64("unauthorized_key").getValue(),
                "the collect endpoint's CURVE refusals are the same in both sections");
    }

    /** sys.argv: Python logging port, server public cert ('-' for a plain publisher), client secret cert, channel. */
    private static final String LOG_PUBLISHER = String.join("\n",
            "import json, logging, sys, time, zmq, zmq.auth",
            "port, server, client, channel = sys.argv[1:5]",
            "pub = zmq.Context().socket(zmq.PUB); pub.setsockopt(zmq.LINGER, 0)",
            "if server != '-':",
            "    pub.curve_serverkey = zmq.auth.load_certificate(server)[0]",
            "    pub.curve_publickey, pub.curve_secretkey = zmq.auth.load_certificate(client)",
            "pub.connect('tcp://127.0.0.1:' + port)",
            "record = json.dumps(logging.LogRecord('c', 20, 'c.py', 1, 'from %s', (channel,), None).__dict__).encode()",
            "for i in range(200):",  // PUB/SUB drops what goes before the connection: keep sending a while
            "    pub.send_multipart([('INFO:' + channel).encode(), record]); time.sleep(0.02)");

    @Test
    void thePythonLoggingPortServesOnlyAuthorizedCurvePublishers() throws Exception {
        CurveKeys keys = new CurveKeys(folder.resolve("keys"));
        daemon = RunningDaemon.start(master(control, keys.settings()).withPythonLogging(loopback()));
        String port = Integer.toString(daemon.pythonLoggingPort());
        Process alice = PythonPeer.start(LOG_PUBLISHER, port, keys.serverPublic.toString(), keys.secret("alice").toString(), "alice");
        Process mallory = PythonPeer.start(LOG_PUBLISHER, port, keys.serverPublic.toString(), keys.secret("mallory").toString(),
                "mallory");
        Process plain = PythonPeer.start(LOG_PUBLISHER, port, "-", "-", "plain");
        try {
            CurveClientKeys aliceKeys = new CurveClientKeys(keys.server(), keys.certificate("alice"));
            await().atMost(LIMIT).until(() -> status(aliceKeys).getDocument(StatusKeys.EVENTS).containsKey("log.alice")
                    && refusals(status(aliceKeys), SecurityCounters.PYTHON_LOGGING, "unauthorized_key") >= 1);
            // A publisher without CURVE fails JeroMQ's handshake before any ZAP request: refused, not counted.
            BsonDocument events = status(aliceKeys).getDocument(StatusKeys.EVENTS);
            assertFalse(events.containsKey("log.mallory") || events.containsKey("log.plain"), events.toJson());
        } finally {
            alice.destroyForcibly();
            mallory.destroyForcibly();
            plain.destroyForcibly();
        }
    }

    @Test
    void controlAndStreamServeOnlyTheCurveClientsTheAuthenticatorAccepts() throws Exception {
        CurveKeys keys = new CurveKeys(folder.resolve("keys"));
        startCurveMaster(keys);
        CurveClientKeys alice = new CurveClientKeys(keys.server(), keys.certificate("alice"));
        CurveClientKeys mallory = new CurveClientKeys(keys.server(), keys.certificate("mallory"));

        BsonDocument security = status(alice).getDocument(StatusKeys.SECURITY);
        assertTrue(security.getBoolean(StatusKeys.SECURITY_CURVE).getValue());
        assertEquals(2, security.getInt32(StatusKeys.SECURITY_CLIENTS).getValue());
        assertEquals(1, security.getInt32(StatusKeys.SECURITY_ADMINS).getValue());
        assertTrue(security.getArray(StatusKeys.SECURITY_WARNINGS).isEmpty(), security.toJson());

        assertNull(CurveRequests.askOnce(zmq, control, mallory, ControlCommand.STATUS.request(), NO_REPLY_MILLIS),
                "a key not in --curve-clients");
        assertNull(CurveRequests.askOnce(zmq, control, null, ControlCommand.STATUS.request(), NO_REPLY_MILLIS),
                "a client without CURVE");
        await().atMost(LIMIT).until(() -> refusals(status(alice), "control", "unauthorized_key") >= 1);

        try (ZMQ.Socket aliceSub = subscriber(alice); ZMQ.Socket mallorySub = subscriber(mallory)) {
            await().atMost(LIMIT).until(() -> refusals(status(alice), "stream", "unauthorized_key") >= 1);
            await().atMost(LIMIT).until(() -> status(alice).getDocument(StatusKeys.STREAM)
                    .getInt32(StatusKeys.STREAM_SUBSCRIPTIONS).getValue() == 1);
            PythonPeer.run(PUSH_PEER, LIMIT, Integer.toString(collect.port()), keys.serverPublic.toString(),
                    keys.secret("alice").toString(), "streamed", "1").assertSuccess();
            assertEquals("request", aliceSub.recvStr(), "alice's subscriber gets the event over CURVE");
            assertEquals("streamed-0", new RawBsonDocument(aliceSub.recv()).getString("id").getValue());
            assertNull(mallorySub.recv(), "nothing for a subscriber whose key was refused");
        }
    }

    @Test
    void shutdownOverCurveIsForAdminKeysAndForTheToken() throws Exception {
        CurveKeys keys = new CurveKeys(folder.resolve("keys"));
        startCurveMaster(keys);
        CurveClientKeys alice = new CurveClientKeys(keys.server(), keys.certificate("alice"));
        CurveClientKeys root = new CurveClientKeys(keys.server(), keys.certificate("root"));

        assertEquals(ControlReplies.notAuthorized(), ask(alice, ControlCommand.SHUTDOWN.request(), 5000));
        assertEquals(ControlReplies.notAuthorized(), ask(alice, ControlCommand.SHUTDOWN.request()
                .append(AdminToken.FIELD, new BsonString("0".repeat(64))), 5000));
        assertEquals(2, status(alice).getDocument(StatusKeys.SECURITY).getInt64(StatusKeys.SECURITY_ADMIN_REFUSED).getValue());
        assertFalse(daemon.awaitStopRequest(Duration.ofMillis(200)), "refused: the daemon runs on");

        assertEquals(ControlReplies.ok(), ask(root, ControlCommand.SHUTDOWN.request(), 5000), "a --curve-admins key");
        assertTrue(daemon.awaitStopRequest(Duration.ofSeconds(5)));
    }

    @Test
    void shutdownOverCurveFromAKeyThatIsNoAdminsIsAcceptedWithTheToken() throws Exception {
        CurveKeys keys = new CurveKeys(folder.resolve("keys"));
        startCurveMaster(keys);
        CurveClientKeys alice = new CurveClientKeys(keys.server(), keys.certificate("alice"));
        String token = AdminToken.read(daemon.adminTokenFile());
        assertEquals(ControlReplies.ok(), ask(alice, ControlCommand.SHUTDOWN.request()
                .append(AdminToken.FIELD, new BsonString(token)), 5000));
        assertTrue(daemon.awaitStopRequest(Duration.ofSeconds(5)));
    }

    @Test
    void withoutCurveShutdownNeedsTheTokenOfThisStartAndStatusStaysOpen() throws Exception {
        daemon = RunningDaemon.start(master(control, SecuritySettings.none()));
        String first = AdminToken.read(daemon.adminTokenFile());
        daemon.stop();
        daemon = RunningDaemon.start(master(control, SecuritySettings.none()));
        String token = AdminToken.read(daemon.adminTokenFile());
        assertNotEquals(first, token, "a new token at every start");

        assertNotNull(ask(null, ControlCommand.STATUS.request(), 5000).get(StatusKeys.TOTAL));
        assertEquals(ControlReplies.notAuthorized(), ask(null, ControlCommand.SHUTDOWN.request(), 5000));
        assertEquals(ControlReplies.notAuthorized(), ask(null, ControlCommand.SHUTDOWN.request()
                .append(AdminToken.FIELD, new BsonString(first)), 5000), "the token of the start before");
        assertEquals(2, ask(null, ControlCommand.STATUS.request(), 5000).getDocument(StatusKeys.SECURITY)
                .getInt64(StatusKeys.SECURITY_ADMIN_REFUSED).getValue());
        assertFalse(daemon.awaitStopRequest(Duration.ofMillis(200)));
        assertEquals(ControlReplies.ok(), ask(null, ControlCommand.SHUTDOWN.request()
                .append(AdminToken.FIELD, new BsonString(token)), 5000));
        assertTrue(daemon.awaitStopRequest(Duration.ofSeconds(5)));
    }

    @Test
    void theTokenFileIsTheOwnersOnlyInTheStateFolderOrWhereItIsToldToGo() throws Exception {
        daemon = RunningDaemon.start(master(control, SecuritySettings.none()));
        Path inStateFolder = folder.resolve("logs").resolve(".ziggyd").resolve("admin-token");
        assertEquals(inStateFolder, daemon.adminTokenFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(inStateFolder)));
        daemon.stop();

        Path elsewhere = folder.resolve("run").resolve("ziggy").resolve("token");
        daemon = RunningDaemon.start(master(control, new SecuritySettings(null, null, null, elsewhere)));
        assertEquals(elsewhere, daemon.adminTokenFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)));
        assertEquals(64, AdminToken.read(elsewhere).length());
    }

    @Test
    void aControlPortOnTheNetworkWithoutCurveIsAWarningAndTheDaemonStaysHealthy() throws Exception {
        Endpoint everywhere = Endpoint.parse("*:" + FreePort.pick(), "--control");
        int httpPort = FreePort.pick();
        daemon = RunningDaemon.start(master(everywhere, SecuritySettings.none()),
                Endpoint.parse("127.0.0.1:" + httpPort, "--http"));
        HttpProbe.Answer health = HttpProbe.ask(httpPort, "GET", "/healthcheck", Duration.ofSeconds(5));
        assertEquals(200, health.status(), health.body());
        assertTrue(health.body().contains("\"warnings\":[\"the control port *:" + everywhere.port()
                + " is reachable from the network without CURVE"), health.body());
        BsonDocument security = askAt(Endpoint.parse("127.0.0.1:" + everywhere.port(), "test"), null,
                ControlCommand.STATUS.request(), 5000).getDocument(StatusKeys.SECURITY);
        assertEquals(1, security.getArray(StatusKeys.SECURITY_WARNINGS).size());
        assertFalse(security.getBoolean(StatusKeys.SECURITY_CURVE).getValue());
    }

    private BsonDocument status(CurveClientKeys keys) {
        // Fresh CURVE handshakes on a loaded two-core machine took longer than 5 s once: a loaded host, not a refusal.
        BsonDocument status = ask(keys, ControlCommand.STATUS.request(), 20_000);
        assertNotNull(status, "no STATUS over CURVE");
        return status;
    }

    private static long refusals(BsonDocument status, String port, String reason) {
        return status.getDocument(StatusKeys.SECURITY).getDocument(StatusKeys.SECURITY_REFUSALS).getDocument(port)
                .getInt64(reason).getValue();
    }

    /** The reply to {@code request} (over CURVE with {@code keys}, plain when null); null when none came in time. */
    private BsonDocument ask(CurveClientKeys keys, BsonDocument request, int timeoutMillis) {
        return askAt(control, keys, request, timeoutMillis);
    }

    private BsonDocument askAt(Endpoint at, CurveClientKeys keys, BsonDocument request, int timeoutMillis) {
        return CurveRequests.ask(zmq, at, keys, request, Duration.ofMillis(timeoutMillis));
    }

    private ZMQ.Socket subscriber(CurveClientKeys keys) {
        ZMQ.Socket sub = zmq.createSocket(SocketType.SUB);
        sub.setLinger(0);
        sub.setReceiveTimeOut(5000);
        sub.setHandshakeIvl(1000);
        keys.apply(sub);
        sub.subscribe("request".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sub.connect("tcp://127.0.0.1:" + daemon.streamPort());
        return sub;
    }
}
