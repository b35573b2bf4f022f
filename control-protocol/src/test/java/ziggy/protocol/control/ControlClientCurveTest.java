package ziggy.protocol.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveCertificate;
import ziggy.protocol.security.CurveClientKeys;
import ziggy.testing.CurveControlPeer;

/** The control clients as CURVE clients of a JeroMQ CURVE server answering as ziggyd does. */
class ControlClientCurveTest {
    private final CurveCertificate server = CurveCertificate.generate();
    private final CurveControlPeer daemon = new CurveControlPeer(server.publicKeyZ85(), server.secretKeyZ85(), "the-token");
    private final Endpoint endpoint = Endpoint.parse(daemon.address(), "-H");

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void aClientWithTheServersKeyIsAnswered() {
        try (ControlClient client = new ControlClient(endpoint, Duration.ofSeconds(5), keysFor(server))) {
            assertEquals(3, client.status().getInt64("total").getValue());
        }
    }

    @Test
    void aClientWithItsOwnCertificateIsAnswered() {
        CurveClientKeys keys = new CurveClientKeys(CurveCertificate.ofPublicKey(server.publicKeyZ85()), CurveCertificate.generate());
        try (ControlClient client = ControlClient.keptOpen(endpoint, Duration.ofSeconds(5), keys)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(client.status().containsKey("events"));
            }
        }
    }

    @Test
    void aSessionWithTheServersKeyIsAnswered() {
        try (ControlSession session = new ControlSession(endpoint, Duration.ofSeconds(5), keysFor(server))) {
            assertTrue(session.request(ControlCommand.STATUS.request()).containsKey("events"));
        }
    }

    @Test
    void aWrongServerKeyGetsNoReplyAndTheMessageNamesTheKeyUsed() {
        CurveClientKeys wrong = keysFor(CurveCertificate.generate());
        try (ControlClient client = new ControlClient(endpoint, Duration.ofMillis(700), wrong)) {
            ControlException e = assertThrows(ControlException.class, client::status);
            assertTrue(e.getMessage().startsWith("no reply from the control port " + endpoint), e.getMessage());
            assertTrue(e.getMessage().contains(wrong.serverKeyZ85()), e.getMessage());
        }
    }

    @Test
    void aPlainClientGetsNoReplyFromACurveServer() {
        try (ControlClient client = new ControlClient(endpoint, Duration.ofMillis(700))) {
            assertThrows(ControlException.class, client::status);
        }
    }

    @Test
    void shutdownCarriesTheTokenAndARefusalIsNotAuthorized() {
        try (ControlClient client = new ControlClient(endpoint, Duration.ofSeconds(5), keysFor(server))) {
            NotAuthorizedException refused = assertThrows(NotAuthorizedException.class, () -> client.shutdown("not-the-token"));
            assertEquals(endpoint + " refused SHUTDOWN: Not Authorized", refused.getMessage());
            assertThrows(NotAuthorizedException.class, () -> client.shutdown(null));
            client.shutdown("the-token");
        }
        BsonDocument last = daemon.requests().get(daemon.requests().size() - 1);
        assertEquals("SHUTDOWN", last.getString("cmd").getValue());
        assertEquals("the-token", last.getString("token").getValue());
        // A request may be sent again on a fresh socket after a stalled handshake, so look for it, not at an index.
        assertTrue(daemon.requests().stream().anyMatch(request -> !request.containsKey("token")),
                "shutdown(null) sends no token field: " + daemon.requests());
    }

    private static CurveClientKeys keysFor(CurveCertificate serverCertificate) {
        return new CurveClientKeys(CurveCertificate.ofPublicKey(serverCertificate.publicKeyZ85()), null);
    }
}
