package ziggy.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import ziggy.protocol.security.CurveCertificate;
import ziggy.testing.ChildJvm;
import ziggy.testing.CurveControlPeer;
import ziggy.testing.PythonPeer;

/**
 * ziggyctl against a control port that speaks only CURVE and demands the admin token for SHUTDOWN
 * (a JeroMQ CURVE server answering as ziggyd with --curve-cert does), and {@code ziggyctl keygen}
 * held to pyzmq's reading of certificates.
 */
class ZiggyctlCurveTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final CurveCertificate server = CurveCertificate.generate();
    private final CurveControlPeer daemon = new CurveControlPeer(server.publicKeyZ85(), server.secretKeyZ85(), TOKEN);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void statusOverCurveWithTheDaemonsPublicCertificate() throws IOException {
        Path serverKey = publicCertificateOf(server, "server");

        assertEquals(0, execute("-H", daemon.address(), "--curve-server", serverKey.toString(), "status", "--json"), err.toString());
        assertEquals(Boolean.TRUE, BsonDocument.parse(out.toString()).getBoolean("curve").getValue());
    }

    @Test
    void statusOverCurveWithAnOwnCertificateGivenAfterTheSubcommand() throws IOException {
        Path serverKey = publicCertificateOf(server, "server");
        Path clientSecret = CurveCertificate.generate().write(dir, "client");

        assertEquals(0, execute("-H", daemon.address(), "status", "--curve-server", serverKey.toString(),
                "--curve-cert", clientSecret.toString()), err.toString());
        assertTrue(out.toString().contains("request"), out.toString());
    }

    @Test
    void aWrongServerKeyIsOneLineNamingTheKeyAndExitOne() throws IOException {
        CurveCertificate someoneElse = CurveCertificate.generate();
        Path wrongKey = publicCertificateOf(someoneElse, "other");

        String output = runInChildJvm(1, "-H", daemon.address(), "--timeout", "1", "--curve-server", wrongKey.toString(), "status");
        assertTrue(output.startsWith("ziggyctl: no reply from the control port " + daemon.address()), output);
        assertTrue(output.contains(someoneElse.publicKeyZ85()), output);
    }

    @Test
    void withoutCurveACurveDaemonGivesNoReplyInOneLineAndExitOne() {
        String output = runInChildJvm(1, "-H", daemon.address(), "--timeout", "1", "status");
        assertTrue(output.startsWith("ziggyctl: no reply from the control port " + daemon.address()), output);
    }

    @Test
    void shutdownSendsTheTokenFromTheFile() throws IOException {
        Path tokenFile = dir.resolve("admin-token");
        Files.writeString(tokenFile, TOKEN + "\n");

        assertEquals(0, execute("-H", daemon.address(), "--curve-server", publicCertificateOf(server, "server").toString(),
                "shutdown", "--admin-token-file", tokenFile.toString()), err.toString());
        assertEquals("ziggyd at " + daemon.address() + " is stopping", out.toString().trim());
        BsonDocument request = last(daemon.requests());
        assertEquals("SHUTDOWN", request.getString("cmd").getValue());
        assertEquals(TOKEN, request.getString("token").getValue());
    }

    @Test
    void shutdownWithoutATokenFileGoesWithoutOneAndTheRefusalSaysWhichFileWasTried() throws IOException {
        Path missing = dir.resolve("no-such-token");

        assertEquals(1, execute("-H", daemon.address(), "--curve-server", publicCertificateOf(server, "server").toString(),
                "shutdown", "--admin-token-file", missing.toString()));
        assertOneLine();
        assertTrue(err.toString().startsWith("ziggyctl: " + daemon.address() + " refused SHUTDOWN: Not Authorized; "
                + "no admin token was sent (" + missing + ": no such file)"), err.toString());
        assertTrue(err.toString().contains("--admin-token-file FILE"), err.toString());
        assertFalse(last(daemon.requests()).containsKey("token"));
    }

    @Test
    void shutdownWithAnUnreadableTokenFileSaysPermissionDenied() throws IOException {
        Path unreadable = dir.resolve("admin-token");
        Files.writeString(unreadable, TOKEN);
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(unreadable)) {
            return; // run as root: every file is readable
        }

        assertEquals(1, execute("-H", daemon.address(), "--curve-server", publicCertificateOf(server, "server").toString(),
                "shutdown", "--admin-token-file", unreadable.toString()));
        assertOneLine();
        assertTrue(err.toString().contains("(" + unreadable + ": permission denied)"), err.toString());
    }

    @Test
    void shutdownWithAnotherDaemonsTokenSaysTheTokenIsNotThisDaemons() throws IOException {
        Path stale = dir.resolve("admin-token");
        Files.writeString(stale, "stale\n");

        assertEquals(1, execute("-H", daemon.address(), "--curve-server", publicCertificateOf(server, "server").toString(),
                "shutdown", "--admin-token-file", stale.toString()));
        assertOneLine();
        assertTrue(err.toString().contains("sent the admin token of " + stale + ", which is not this daemon's"), err.toString());
    }

    @Test
    void keygenWritesAPairPyzmqReadsWithTheSecretFileOwnerOnly() throws IOException {
        PythonPeer.requireZmqAndBson();
        assertEquals(0, execute("keygen", "web-01", "--dir", dir.toString()), err.toString());
        String printed = out.toString().trim();
        String publicKey = printed.substring(printed.lastIndexOf("public key: ") + "public key: ".length());

        String keys = PythonPeer.run("""
                import sys, zmq.auth
                public, _ = zmq.auth.load_certificate(sys.argv[1])
                public2, secret = zmq.auth.load_certificate(sys.argv[2])
                print(public.decode(), public2.decode(), secret.decode())
                """, Duration.ofSeconds(30), dir.resolve("web-01.key").toString(), dir.resolve("web-01.key_secret").toString())
                .assertSuccess().stdout().trim();
        String[] z85 = keys.split(" ");
        assertEquals(publicKey, z85[0]);
        assertEquals(publicKey, z85[1]);
        assertEquals(CurveCertificate.load(dir.resolve("web-01.key_secret")).secretKeyZ85(), z85[2]);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("web-01.key_secret"))));
    }

    @Test
    void keygenNeverOverwritesACertificate() throws IOException {
        assertEquals(0, execute("keygen", "web-01", "--dir", dir.toString()), err.toString());
        String secretBefore = Files.readString(dir.resolve("web-01.key_secret"));
        Files.delete(dir.resolve("web-01.key")); // the secret alone left still blocks

        assertEquals(1, execute("keygen", "web-01", "--dir", dir.toString()));
        assertOneLine();
        assertTrue(err.toString().startsWith("ziggyctl: " + dir.resolve("web-01.key_secret") + " already exists"), err.toString());
        assertEquals(secretBefore, Files.readString(dir.resolve("web-01.key_secret")));
        assertFalse(Files.exists(dir.resolve("web-01.key")));
    }

    @Test
    void certificateMistakesAreOneLine() throws IOException {
        assertEquals(1, execute("-H", daemon.address(), "--curve-server", dir.resolve("absent.key").toString(), "status"));
        assertOneLine();
        assertTrue(err.toString().startsWith("ziggyctl: --curve-server " + dir.resolve("absent.key") + ": no such file"), err.toString());

        Path serverKey = publicCertificateOf(server, "server");
        err.getBuffer().setLength(0);
        assertEquals(1, execute("-H", daemon.address(), "--curve-server", serverKey.toString(), "--curve-cert", serverKey.toString(), "status"));
        assertOneLine();
        assertTrue(err.toString().contains("is a public certificate; give the secret one"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, execute("-H", daemon.address(), "--curve-cert", serverKey.toString(), "status"));
        assertOneLine();
        assertTrue(err.toString().contains("--curve-cert needs --curve-server"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, execute("keygen", "x", "--dir", dir.resolve("absent").toString()));
        assertOneLine();
        assertEquals(2, execute("keygen", "a/b", "--dir", dir.toString()));
    }

    /** The daemon's public certificate alone, as an operator hands it to its clients. */
    private Path publicCertificateOf(CurveCertificate certificate, String name) throws IOException {
        Path folder = Files.createTempDirectory(dir, "certs");
        certificate.write(folder, name);
        return folder.resolve(name + CurveCertificate.PUBLIC_SUFFIX);
    }

    /** Runs ziggyctl in its own JVM (JeroMQ's threads print there too); returns what it printed, one line. */
    private static String runInChildJvm(int expectedStatus, String... args) {
        try (ChildJvm child = ChildJvm.start(Ziggyctl.class, List.of("-XX:TieredStopAtLevel=1"), args)) {
            int status = child.awaitExit(Duration.ofSeconds(30));
            String output = child.output();
            assertEquals(expectedStatus, status, output);
            assertEquals(1, output.lines().count(), output);
            assertFalse(output.contains("\tat ") || output.contains("Exception"), output);
            return output;
        }
    }

    private void assertOneLine() {
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    private static BsonDocument last(List<BsonDocument> requests) {
        return requests.get(requests.size() - 1);
    }

    private int execute(String... args) {
        out.getBuffer().setLength(0);
        CommandLine commandLine = Ziggyctl.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
