package ziggy.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.testing.TestEvents.bson;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import picocli.CommandLine;
import ziggy.protocol.security.CurveCertificate;
import ziggy.testing.CurveControlPeer;
import ziggy.testing.ToolRun;

/**
 * {@code ziggyview -H} against a daemon that speaks only CURVE: a JeroMQ CURVE REP answering SOCK_STREAM
 * and a CURVE XPUB publishing [type, event] as ziggyd's stream does with --curve-cert.
 */
class ZiggyviewCurveTest {
    @TempDir
    Path dir;

    private final CurveCertificate server = CurveCertificate.generate();
    private final CurveControlPeer daemon = new CurveControlPeer(server.publicKeyZ85(), server.secretKeyZ85(), "token");
    private final ZContext context = new ZContext(1);

    @AfterEach
    void stop() {
        context.close();
        daemon.close();
    }

    @Test
    void streamedEventsArePrintedOverCurve() throws IOException {
        ZMQ.Socket stream = daemon.bindCurveStream(context);
        Path serverKey = publicCertificate();
        Path clientSecret = CurveCertificate.generate().write(Files.createTempDirectory(dir, "client"), "viewer");

        try (ToolRun view = ToolRun.start(Ziggyview.class, null, List.of(), "-H", daemon.address(), "--type-name", "request",
                "--limit", "3", "--curve-server", serverKey.toString(), "--curve-cert", clientSecret.toString())) {
            // The subscription reaching the XPUB is the sign that the CURVE handshake went through.
            stream.setReceiveTimeOut(20_000);
            byte[] subscription = stream.recv(0);
            assertTrue(subscription != null, "no subscription within 20 s: " + view.stderr());
            assertEquals("\u0001request", new String(subscription, StandardCharsets.UTF_8));
            publish(stream, "login", "{type: 'login', n: 0}");
            for (int n = 1; n <= 3; n++) {
                publish(stream, "request", "{type: 'request', n: " + n + "}");
            }

            assertEquals(0, view.awaitExit(Duration.ofSeconds(20)), view.stderr());
            List<JsonNode> events = view.jsonLines();
            assertEquals(List.of(1, 2, 3), events.stream().map(event -> event.get("n").asInt()).toList());
        }
    }

    @Test
    void withoutCurveTheDaemonDoesNotAnswerAndThatIsOneLineExitOne() {
        try (ToolRun view = ToolRun.start(Ziggyview.class, null, List.of(), "-H", daemon.address(), "--timeout", "1")) {
            view.finish().assertOneLineFailure(1);
            assertTrue(view.stderr().startsWith("ziggyview: no reply from the control port " + daemon.address()), view.stderr());
        }
    }

    @Test
    void curveOptionsWithoutHostAreAUsageMistake() throws IOException {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Ziggyview.commandLine();
        commandLine.setErr(new PrintWriter(err, true));

        assertEquals(2, commandLine.execute("--curve-server", publicCertificate().toString(), "-"));
        assertTrue(err.toString().contains("--curve-server and --curve-cert go with -H"), err.toString());
    }

    private static void publish(ZMQ.Socket stream, String type, String json) {
        stream.sendMore(type);
        stream.send(bson(json), 0);
    }

    private Path publicCertificate() throws IOException {
        Path folder = Files.createTempDirectory(dir, "server");
        server.write(folder, "server");
        return folder.resolve("server.key");
    }
}
