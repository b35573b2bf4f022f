package ziggy.system.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.bson.BsonDocument;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.system.tools.Launchers;
import ziggy.testing.FreePort;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * A packaged master with {@code --http}, and the checks that every attack test makes after its attack.
 * Good events go to a day of their own (2026-11-23), so the count in its day file is theirs alone.
 */
final class AttackedMaster implements AutoCloseable {
    /** The shipped heap is 192 MiB; the JVM's own needs (metaspace, code, threads) come on top. */
    static final long RSS_LIMIT_BYTES = 300L * 1024 * 1024;
    private static final double GOOD_DAY_START = 1_795_435_200.0; // 2026-11-23T12:00:00Z
    private static final String GOOD_DAY_FILE = "request.20261123.bson";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path logPath;
    private final int httpPort = FreePort.pick();
    private final RealDaemon daemon;
    private int goodEventsSent;

    AttackedMaster(Path logPath) {
        this.logPath = logPath;
        this.daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 0);
    }

    RealDaemon daemon() {
        return daemon;
    }

    /** The live stream's port, from STATUS. */
    int streamPort() {
        return status().getDocument("stream").getNumber("port").intValue();
    }

    /**
     * The STATUS reply, asked again while none comes within half a second (a fresh JeroMQ connection
     * stalls in its handshake now and then), for at most 10 s.
     */
    private BsonDocument status() {
        AtomicReference<BsonDocument> reply = new AtomicReference<>();
        await("STATUS answers").atMost(Duration.ofSeconds(10)).until(() -> {
            reply.set(daemon.status());
            return reply.get() != null;
        });
        return reply.get();
    }

    int controlPort() {
        return Integer.parseInt(daemon.control().substring(daemon.control().lastIndexOf(':') + 1));
    }

    /** STATUS answers, {@code /healthcheck} is 200, 1,000 more good events land, and the RSS is within its limit. */
    void assertStillWorks() throws Exception {
        status();
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/healthcheck")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        sendGoodEvents(1_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> eventsInGoodDayFile() == goodEventsSent);
        long rss = residentBytes();
        assertTrue(rss < RSS_LIMIT_BYTES, "RSS " + rss / (1024 * 1024) + " MiB");
    }

    private void sendGoodEvents(int count) {
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setHandshakeIvl(300); // JeroMQ drops a connection left stuck in its greeting and dials again
            push.setImmediate(true); // and sends over greeted connections only, so the dropped one takes no event with it
            push.setLinger(10_000);
            push.connect("tcp://127.0.0.1:" + collectPort());
            for (int n = 0; n < count; n++) {
                push.send(TestEvents.bson("{type: 'request', host: 'web1', start: " + (GOOD_DAY_START + goodEventsSent + n)
                        + ", n: " + (goodEventsSent + n) + "}"), 0);
            }
        }
        goodEventsSent += count;
    }

    private int collectPort() {
        return status().getDocument("collect").getNumber("port").intValue();
    }

    /** Documents in the good day's file, counted by their BSON lengths. */
    private int eventsInGoodDayFile() throws IOException {
        Path file = logPath.resolve(GOOD_DAY_FILE);
        if (!Files.exists(file)) {
            return 0;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int documents = 0;
        while (bytes.remaining() >= 4) {
            int length = bytes.getInt(bytes.position());
            if (length < 5 || length > bytes.remaining()) {
                break;
            }
            bytes.position(bytes.position() + length);
            documents++;
        }
        return documents;
    }

    /** VmRSS of the daemon's JVM: the child of this JVM whose command line has the daemon's control port. */
    long residentBytes() throws IOException {
        String control = "--control=" + daemon.control();
        long pid = ProcessHandle.current().children()
                .filter(child -> commandLine(child.pid()).contains(control))
                .findFirst().orElseThrow(() -> new AssertionError("no child process runs with " + control)).pid();
        try (Stream<String> status = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            String line = status.filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM ends the daemon with status 0. */
    void assertStopsCleanly() {
        assertEquals(0, daemon.terminate(), daemon.output());
    }

    @Override
    public void close() {
        daemon.close();
    }
}
