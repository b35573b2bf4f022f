package ziggy.protocol.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;
import ziggy.testing.PythonPeer;

class CurveCertificateTest {
    @TempDir
    Path dir;

    @Test
    void certificatesPyzmqWritesAreReadWithTheKeysPyzmqGaveThem() throws IOException {
        PythonPeer.requireZmqAndBson();
        String keys = PythonPeer.run("""
                import sys, zmq.auth
                public, secret = zmq.auth.create_certificates(sys.argv[1], 'server')
                print(zmq.auth.load_certificate(secret)[0].decode(), zmq.auth.load_certificate(secret)[1].decode())
                """, Duration.ofSeconds(30), dir.toString()).assertSuccess().stdout().trim();
        String[] z85 = keys.split(" ");

        CurveCertificate secret = CurveCertificate.load(dir.resolve("server.key_secret"));
        assertEquals(z85[0], secret.publicKeyZ85());
        assertEquals(z85[1], secret.secretKeyZ85());
        CurveCertificate publicOnly = CurveCertificate.load(dir.resolve("server.key"));
        assertEquals(z85[0], publicOnly.publicKeyZ85());
        assertFalse(publicOnly.hasSecretKey());
        assertThrows(IllegalStateException.class, publicOnly::secretKey);
    }

    @Test
    void whatWeWritePyzmqReadsAndTheSecretFileIsTheOwnersAlone() throws IOException {
        PythonPeer.requireZmqAndBson();
        CurveCertificate pair = CurveCertificate.generate();
        Path secretFile = pair.write(dir, "agent-7");

        assertEquals(Set.of("rw-------"), Set.of(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))));
        String read = PythonPeer.run("""
                import sys, zmq.auth
                public, _ = zmq.auth.load_certificate(sys.argv[1] + '/agent-7.key')
                p, s = zmq.auth.load_certificate(sys.argv[1] + '/agent-7.key_secret')
                print(public.decode(), p.decode(), s.decode())
                """, Duration.ofSeconds(30), dir.toString()).assertSuccess().stdout().trim();
        assertEquals(pair.publicKeyZ85() + " " + pair.publicKeyZ85() + " " + pair.secretKeyZ85(), read);
        CurveCertificate again = CurveCertificate.load(secretFile);
        assertArrayEquals(pair.secretKey(), again.secretKey());
    }

    @Test
    void aFileThatIsNoCertificateOrWhoseKeysDoNotBelongTogetherIsRefusedByName() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.key"), "hello\n");
        InvalidCertificateException noCurve = assertThrows(InvalidCertificateException.class, () -> CurveCertificate.load(notes));
        assertTrue(noCurve.getMessage().startsWith(notes.toString()), noCurve.getMessage());

        Path shortKey = Files.writeString(dir.resolve("short.key"), "curve\n    public-key = \"abc\"\n");
        assertTrue(assertThrows(InvalidCertificateException.class, () -> CurveCertificate.load(shortKey)).getMessage()
                .contains("not the 40 of a Z85 key"));

        ZMQ.Curve.KeyPair one = ZMQ.Curve.generateKeyPair();
        ZMQ.Curve.KeyPair other = ZMQ.Curve.generateKeyPair();
        Path mixed = Files.writeString(dir.resolve("mixed.key_secret"), "curve\n    public-key = \"" + one.publicKey
                + "\"\n    secret-key = \"" + other.secretKey + "\"\n");
        assertTrue(assertThrows(InvalidCertificateException.class, () -> CurveCertificate.load(mixed)).getMessage()
                .contains("does not belong"));
        assertThrows(InvalidCertificateException.class, () -> CurveCertificate.load(dir.resolve("missing.key")));
    }

    @Test
    void aFolderOfAuthorizedKeysTakesEveryPublicCertificateAndOnlyThose() throws IOException {
        CurveCertificate alice = CurveCertificate.generate();
        CurveCertificate bob = CurveCertificate.generate();
        alice.write(dir, "alice");
        bob.write(dir, "bob");
        Files.writeString(dir.resolve("README"), "the fleet's agents\n");

        AuthorizedKeys keys = AuthorizedKeys.load(dir);
        assertEquals(Set.of(alice.publicKeyZ85(), bob.publicKeyZ85()), keys.z85Keys());
        assertTrue(keys.contains(bob.publicKeyZ85()));
        assertFalse(keys.contains(CurveCertificate.generate().publicKeyZ85()));
        assertThrows(InvalidCertificateException.class, () -> AuthorizedKeys.load(dir.resolve("README")));
    }

    @Test
    void theAdminTokenIsWrittenForItsOwnerAloneAndMatchesOnlyItself() throws IOException {
        Path file = dir.resolve("state/admin-token");
        AdminToken token = AdminToken.createIn(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(64, token.value().length());
        assertTrue(token.matches(AdminToken.read(file)));
        assertFalse(token.matches(AdminToken.createIn(dir.resolve("other")).value()));
        assertFalse(token.matches(null));
        AdminToken next = AdminToken.createIn(file);
        assertFalse(next.matches(token.value()), "each start writes a new token");
    }
}
