package ziggy.zmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.testing.FreePort;

/**
 * A crowd of CURVE clients dialling at once, more than the endpoint serves handshakes a second: the
 * ones beyond are refused before any cryptography and counted, and ZeroMQ's redial brings every one of
 * them in within a few seconds, each message delivered.
 */
class CurveHandshakeRateTest {
    private static final int CLIENTS = 30;
    private static final int PER_SECOND = 10;

    @Test
    void helloBeyondTheRateIsRefusedAndCountedAndEveryClientGetsInOnItsRedial() throws IOException {
        RecordingHandler handler = new RecordingHandler();
        CurveServerKeys keys = CurvePeerTest.serverKeys().authorizingAnyClient().servingHandshakesPerSecond(PER_SECOND);
        ZmtpPullServer server = ZmtpPullServer.bind(new InetSocketAddress("127.0.0.1", FreePort.pick()),
                ZmtpOptions.defaults().withCurve(keys), handler);
        server.start();
        try (ZContext context = new ZContext(1)) {
            List<ZMQ.Socket> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                ZMQ.Curve.KeyPair own = ZMQ.Curve.generateKeyPair();
                ZMQ.Socket push = context.createSocket(SocketType.PUSH);
                push.setLinger(0);
                push.setReconnectIVL(100);
                push.setCurveServerKey(ZMQ.Curve.z85Decode(CurvePeerTest.SERVER.publicKey));
                push.setCurvePublicKey(ZMQ.Curve.z85Decode(own.publicKey));
                push.setCurveSecretKey(ZMQ.Curve.z85Decode(own.secretKey));
                push.connect("tcp://127.0.0.1:" + server.localPort());
                push.send("client-" + i);
                clients.add(push);
            }
            long started = System.nanoTime();
            handler.awaitCount(CLIENTS, server);
            double seconds = (System.nanoTime() - started) / 1e9;

            assertTrue(server.counters().refused(RefusalReason.CURVE_RATE) > 0, server.counters().toString());
            assertEquals(0, server.counters().refused(RefusalReason.CURVE_HANDSHAKE), server.counters().toString());
            Set<String> delivered = new HashSet<>();
            handler.messages.forEach(message -> delivered.add(new String(message.get(0))));
            assertEquals(CLIENTS, delivered.size(), "each client's message once: " + delivered);
            assertFalse(seconds < (CLIENTS - PER_SECOND) / (double) PER_SECOND - 0.5,
                    "the crowd got in faster than the rate allows: " + seconds + " s");
            clients.forEach(ZMQ.Socket::close);
        } finally {
            server.close();
        }
    }
}
