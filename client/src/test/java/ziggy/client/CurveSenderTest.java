package ziggy.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * The sender as a CURVE client: events reach a libzmq CURVE PULL (pyzmq, with certificates pyzmq wrote)
 * and a JeroMQ one; with the wrong server key nothing is handed on and the events wait, counted as queued.
 */
@SuppressWarnings("try")
class CurveSenderTest {
    private static final int EVENTS = 50;

    @TempDir
    Path dir;

    @AfterEach
    void unconfigure() {
        Ziggy.close();
    }

    @Test
    void eventsReachAPyzmqCurvePullWithCertificatesPyzmqWrote() throws IOException, InterruptedException {
        PythonPeer.requireZmqAndBson();
        PythonPeer.run("""
                import sys, zmq.auth
                zmq.auth.create_certificates(sys.argv[1], 'server')
                zmq.auth.create_certificates(sys.argv[1], 'app')
                """, Duration.ofSeconds(30), dir.toString()).assertSuccess();
        int port = FreePort.pick();
        Process pull = PythonPeer.start("""
                import sys, zmq, zmq.auth, bson
                folder, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
                public, secret = zmq.auth.load_certificate(folder + '/server.key_secret')
                socket = zmq.Context().socket(zmq.PULL)
                socket.curve_server = True
                socket.curve_publickey = public
                socket.curve_secretkey = secret
                socket.rcvtimeo = 20000
                socket.bind('tcp://127.0.0.1:%d' % port)
                print('ready', flush=True)
                for _ in range(n):
                    print(bson.decode(socket.recv())['body']['i'], flush=True)
                """, dir.toString(), Integer.toString(port), Integer.toString(EVENTS));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(pull.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine(), () -> errorsOf(pull));
            Ziggy.configure("127.0.0.1", port, SenderOptions.defaults().withCurve(
                    CurveSettings.serverCertificate(dir.resolve("server.key")).withOwnCertificate(dir.resolve("app.key_secret"))));
            send(EVENTS);

            List<Integer> received = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                received.add(Integer.parseInt(line.trim()));
            }
            assertTrue(pull.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, pull.exitValue(), () -> errorsOf(pull));
            assertEquals(range(EVENTS), received);
        } finally {
            pull.destroyForcibly();
        }
    }

    @Test
    void eventsReachAJeroMqCurvePullWithZ85KeysAndAFreshClientPair() {
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        int port = FreePort.pick();
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket pull = curvePull(zmq, server, port);
            Ziggy.configure("127.0.0.1", port, SenderOptions.defaults().withCurve(CurveSettings.serverKey(server.publicKey)));
            send(EVENTS);

            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                byte[] frame = pull.recv();
                assertTrue(frame != null, "event " + i + " did not arrive");
                received.add(new RawBsonDocument(frame).getDocument("body").getInt32("i").getValue());
            }
            assertEquals(range(EVENTS), received);
            await().atMost(Duration.ofSeconds(5)).until(() -> Ziggy.stats().sent() == EVENTS);
        }
    }

    @Test
    void withAnotherServerKeyNothingArrives() {
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        String someoneElse = ZMQ.Curve.generateKeyPair().publicKey;
        int port = FreePort.pick();
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket pull = curvePull(zmq, server, port);
            Ziggy.configure("127.0.0.1", port, SenderOptions.defaults().withCurve(CurveSettings.serverKey(someoneElse)));
            send(10);

            // Several reconnects' worth: JeroMQ dials again every 100 ms and each handshake fails.
            pull.setReceiveTimeOut(1500);
            assertEquals(null, pull.recv());
            assertEquals(0, Ziggy.stats().dropped());
        }
    }

    @Test
    void keysAndFilesThatCannotBeUsedAreConfigurationMistakesNamingThem() throws IOException {
        ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair other = ZMQ.Curve.generateKeyPair();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CurveSettings.serverKey("short")).getMessage()
                .contains("must be 40 characters of Z85"));
        Path missing = dir.resolve("absent.key");
        assertEquals(missing + ": no such certificate file",
                assertThrows(IllegalArgumentException.class, () -> CurveSettings.serverCertificate(missing)).getMessage());
        Path notACertificate = Files.writeString(dir.resolve("notes.key"), "hello = \"world\"\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CurveSettings.serverCertificate(notACertificate))
                .getMessage().startsWith(notACertificate + ": no curve/public-key"));
        CurveSettings settings = CurveSettings.serverKey(server.publicKey);
        assertThrows(IllegalArgumentException.class, () -> settings.withOwnKeys(other.publicKey, server.secretKey));
        Path publicOnly = Files.writeString(dir.resolve("app.key"), "curve\n    public-key = \"" + other.publicKey + "\"\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> settings.withOwnCertificate(publicOnly))
                .getMessage().contains("no curve/secret-key"));
        assertFalse(settings.withOwnKeys(other.publicKey, other.secretKey).toString().contains(other.secretKey));
    }

    private static ZMQ.Socket curvePull(ZContext zmq, ZMQ.Curve.KeyPair server, int port) {
        ZMQ.Socket pull = zmq.createSocket(SocketType.PULL);
        pull.setCurveServer(true);
        pull.setCurvePublicKey(ZMQ.Curve.z85Decode(server.publicKey));
        pull.setCurveSecretKey(ZMQ.Curve.z85Decode(server.secretKey));
        pull.setReceiveTimeOut(10_000);
        pull.bind("tcp://127.0.0.1:" + port);
        return pull;
    }

    private static void send(int events) {
        for (int i = 0; i < events; i++) {
            try (Context request = Ziggy.context("request")) {
                Ziggy.set("i", i);
            }
        }
    }

    private static List<Integer> range(int n) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static String errorsOf(Process process) {
        try {
            return new String(process.getErrorStream().readNBytes(10_000), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
