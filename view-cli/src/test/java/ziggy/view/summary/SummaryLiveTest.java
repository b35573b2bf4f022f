package ziggy.view.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.testing.TestEvents.bson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.protocol.security.CurveCertificate;
import ziggy.testing.CurveControlPeer;
import ziggy.testing.ToolRun;
import ziggy.view.Ziggyview;

/**
 * {@code ziggyview -H --summary} prints its summary when the stream ends: at {@code --limit} and at
 * Ctrl-C. The daemon's side is a JeroMQ REP answering SOCK_STREAM and an XPUB publishing
 * [type, event] as ziggyd's stream does (over CURVE, as in ZiggyviewCurveTest).
 */
class SummaryLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
    void theSummaryIsPrintedAtTheLimit() throws IOException {
        ZMQ.Socket stream = daemon.bindCurveStream(context);
        try (ToolRun view = ToolRun.start(Ziggyview.class, null, List.of(), "-H", daemon.address(), "--curve-server", serverKey(),
                "--type-name", "request", "--summary", "--json", "--field", "body.ms", "--top", "body.status", "--limit", "4")) {
            awaitSubscription(stream, view);
            publish(stream, "login", "{type: 'login', start: 1796230000.0}");
            for (int n = 1; n <= 5; n++) {
                publish(stream, "request", "{type: 'request', start: " + (1796230000.0 + n) + ", body: {ms: " + n * 10
                        + ", status: " + (n % 2 == 0 ? 500 : 200) + "}}");
            }
            assertEquals(0, view.awaitExit(Duration.ofSeconds(20)), view.stderr());
            JsonNode request = JSON.readTree(view.stdout()).at("/types/request");
            assertEquals(4, request.get("count").asLong());
            assertEquals(1796230001.0, request.get("first").asDouble());
            assertEquals(1796230004.0, request.get("last").asDouble());
            assertEquals(10.0, request.at("/fields/body.ms/min").asDouble());
            assertEquals(40.0, request.at("/fields/body.ms/max").asDouble());
            assertEquals("[[200,2],[500,2]]", request.at("/top/body.status").toString().replace(" ", ""));
        }
    }

    @Test
    void ctrlCEndsTheStreamWithTheSummaryAndExitZero() throws IOException, InterruptedException {
        ZMQ.Socket stream = daemon.bindCurveStream(context);
        try (ToolRun view = ToolRun.start(Ziggyview.class, null, List.of(), "-H", daemon.address(), "--curve-server", serverKey(),
                "--summary", "--field", "body.ms")) {
            awaitSubscription(stream, view);
            for (int n = 1; n <= 3; n++) {
                publish(stream, "request", "{type: 'request', start: 1796230000.5, body: {ms: 7}}");
            }
            Thread.sleep(1000); // the events reach the viewer; nothing it prints says so before the end
            view.interrupt();
            assertEquals(0, view.awaitExit(Duration.ofSeconds(20)), view.stderr());
            assertTrue(view.stdout().startsWith("request\n  count   3\n"), view.stdout());
            assertEquals("", view.stderr());
        }
    }

    private static void awaitSubscription(ZMQ.Socket stream, ToolRun view) {
        stream.setReceiveTimeOut(20_000);
        assertTrue(stream.recv(0) != null, "no subscription within 20 s: " + view.stderr());
    }

    private static void publish(ZMQ.Socket stream, String type, String json) {
        stream.sendMore(type);
        stream.send(bson(json), 0);
    }

    private String serverKey() throws IOException {
        Path folder = Files.createTempDirectory(dir, "server");
        server.write(folder, "server");
        return folder.resolve("server.key").toString();
    }
}
