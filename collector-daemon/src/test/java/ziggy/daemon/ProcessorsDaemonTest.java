package ziggy.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.daemon.ForwardingTestKit.loopback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.control.ControlClient;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.PluginJar;
import ziggy.testing.TestEvents;

/**
 * The built-in processors and a plugin on a real daemon: events in over ZMTP from a client's PUSH, the
 * day files read back and the live stream watched. What drop and redact remove leaves no trace in either;
 * sample keeps families whole at its rate; a summary at a time of day fires once with exact counts and
 * percentiles within 1 %; a plugin comes from --plugin-dir, and one that throws is isolated and counted.
 */
class ProcessorsDaemonTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final Endpoint collect = loopback();
    private final Endpoint control = loopback();
    private final ZContext zmq = new ZContext(1);
    private RunningDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        zmq.close();
    }

    private void start(Path pluginDir, String... processors) throws StartupException {
        DaemonSettings settings = new DaemonSettings(collect, control, dir.resolve("log"), ZoneOffset.UTC,
                DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(60), true, null)
                .withProcessors(ProcessorSettings.of(List.of(processors), pluginDir, ProcessorSettings.contextFor(ZoneOffset.UTC)));
        daemon = RunningDaemon.start(settings);
    }

    @Test
    void dropAndRedactLeaveNoTraceInTheFilesOrTheStream() throws Exception {
        start(null, "drop:type=noise", "redact:fields=body.password|body.card.number");
        List<byte[]> streamed = subscribe();
        int events = 2_000;
        send(i -> i % 5 == 0 ? "{type: 'noise', id: 'n-" + i + "', body: {password: 's3cret-" + i + "'}}"
                : i % 10 == 1 ? "{type: 'login', id: 'e-" + i + "', body: {user: 'u" + i + "', password: 's3cret-" + i
                        + "', card: {number: '4111-" + i + "', expiry: '12/29'}}}"
                : "{type: 'login', id: 'e-" + i + "', body: {user: 'u" + i + "'}}", 0, events);
        int kept = events - events / 5;
        await().atMost(WAIT).until(() -> streamed.size() == kept);
        BsonDocument status = status();
        stopDaemon();
        assertEquals(kept, DayFileIds.counts(dir.resolve("log")).keySet().stream().filter(id -> id.startsWith("e-")).count());

        assertFalse(contains(allBytes(dir.resolve("log")), "s3cret"), "a password is in the day files");
        assertFalse(contains(allBytes(dir.resolve("log")), "4111-"), "a card number is in the day files");
        for (byte[] message : streamed) {
            assertFalse(contains(message, "s3cret") || contains(message, "4111-") || contains(message, "noise"),
                    new String(message, StandardCharsets.ISO_8859_1));
        }
        for (RawBsonDocument event : DayFileIds.documents(dir.resolve("log"))) {
            if (event.getString("type").getValue().startsWith("request")) {
                continue; // the probes that showed the stream's subscription in place
            }
            assertEquals("login", event.getString("type").getValue());
            BsonDocument body = event.getDocument("body");
            assertFalse(body.containsKey("password"), event.toJson());
            if (body.containsKey("card")) {
                assertEquals("{\"expiry\": \"12/29\"}", body.getDocument("card").toJson(), "the rest of the card stays");
            }
        }
        assertEquals("drop", status.getArray("processors").get(0).asDocument().getString("name").getValue());
        assertEquals(events / 5, status.getArray("processors").get(0).asDocument().getInt64("dropped").getValue());
    }

    @Test
    void sampleKeepsWholeFamiliesAtItsRate() throws Exception {
        start(null, "sample:rate=0.2");
        int families = 3_000;
        send(i -> {
            int family = i / 3;
            String id = i % 3 == 0 ? "f" + family : "f" + family + "..child" + (i % 3);
            return "{type: 'request', id: '" + id + "'}";
        }, 0, families * 3);
        await().atMost(WAIT).until(() -> status().getArray("processors").get(0).asDocument().getInt64("in").getValue()
                == families * 3L);
        stopDaemon();
        Map<String, Integer> kept = new HashMap<>();
        DayFileIds.counts(dir.resolve("log")).keySet().forEach(id -> kept.merge(id.split("\\.\\.")[0], 1, Integer::sum));
        kept.forEach((family, members) -> assertEquals(3, members, family + " kept whole or not at all"));
        double sigma = Math.sqrt(families * 0.2 * 0.8);
        assertTrue(Math.abs(kept.size() - families * 0.2) < 5 * sigma, kept.size() + " families kept of " + families);
    }

    @Test
    void aSummaryAtATimeOfDayFiresOnceWithExactCountsAndPercentilesWithinOnePercent() throws Exception {
        LocalTime at = LocalTime.now(ZoneOffset.UTC).plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        start(null, "summary:at=" + at + ",fields=body.ms,top=body.status");
        Random random = new Random(21);
        double[] values = new double[5_000];
        int[] statuses = {200, 200, 200, 404, 500};
        Map<Integer, Integer> statusCounts = new HashMap<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(random.nextGaussian() + 3);
            int status = statuses[i % statuses.length];
            statusCounts.merge(status, 1, Integer::sum);
            events.add("{type: 'request', id: 'r-" + i + "', body: {ms: " + values[i] + ", status: " + status + "}}");
        }
        send(events::get, 0, events.size());
        await().atMost(WAIT).until(() -> summaries().size() == 1);
        assertTrue(LocalTime.now(ZoneOffset.UTC).isAfter(at), "fired at " + at + ", not before");

        BsonDocument body = summaries().get(0).getDocument("body");
        assertEquals("request", body.getString("type").getValue());
        assertEquals(values.length, body.getNumber("count").longValue());
        BsonDocument ms = body.getDocument("fields").getDocument("body.ms");
        Arrays.sort(values);
        for (String percentile : new String[] {"p50", "p90", "p99"}) {
            double exact = values[(int) Math.ceil(Integer.parseInt(percentile.substring(1)) / 100.0 * values.length) - 1];
            double summarized = ms.getNumber(percentile).doubleValue();
            assertTrue(Math.abs(summarized - exact) <= 0.01 * exact, percentile + ": " + summarized + " against " + exact);
        }
        assertEquals(values[0], ms.getNumber("min").doubleValue(), 1e-9);
        assertEquals(values[values.length - 1], ms.getNumber("max").doubleValue(), 1e-9);
        List<?> top = body.getDocument("top").getArray("body.status").getValues();
        assertEquals(statusCounts.get(200).longValue(), ((org.bson.BsonArray) top.get(0)).get(1).asNumber().longValue());
        // Once a day: the next is a day away.
        assertEquals(1, status().getArray("processors").get(0).asDocument().getInt64("fired").getValue());
        assertEquals(body, status().getDocument("summaries").getDocument("request"), "STATUS shows the latest summary");
    }

    @Test
    void aPluginFromThePluginFolderRunsAndOneThatThrowsIsIsolatedAndCounted() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.example(plugins.resolve("processor-example.jar"));
        start(plugins, "tag:value=edge,fail-every=10");
        send(i -> "{type: 'request', id: 'r-" + i + "'}", 0, 100);
        await().atMost(WAIT).until(() -> status().getDocument("total").getNumber("events").longValue() == 100);
        BsonDocument tag = status().getArray("processors").get(0).asDocument();
        stopDaemon();
        long tagged = DayFileIds.documents(dir.resolve("log")).stream()
                .filter(event -> event.containsKey("body") && "edge".equals(event.getDocument("body").getString("tagged_by").getValue()))
                .count();
        assertEquals(90, tagged, "every event but the failing ones tagged; the failing ones pass unchanged (on-error=pass)");
        assertEquals(100, DayFileIds.counts(dir.resolve("log")).size());
        assertEquals(10, tag.getInt64("errors").getValue());
    }

    /** Stops the daemon, so that every event it took is in its day files. */
    private void stopDaemon() {
        daemon.stop();
        daemon = null;
    }

    private BsonDocument status() {
        try (ControlClient client = new ControlClient(control, Duration.ofSeconds(5))) {
            return client.status();
        }
    }

    private List<RawBsonDocument> summaries() {
        return DayFileIds.documents(dir.resolve("log")).stream()
                .filter(event -> event.getString("type").getValue().equals("ziggy.summary")).toList();
    }

    /** Every message of the live stream from now on, once the subscription is known to be in place. */
    private List<byte[]> subscribe() {
        int port;
        try (ControlClient client = new ControlClient(control, Duration.ofSeconds(5))) {
            port = client.streamPort();
        }
        List<byte[]> messages = new CopyOnWriteArrayList<>();
        ZMQ.Socket sub = zmq.createSocket(SocketType.SUB);
        sub.subscribe(new byte[0]);
        sub.setHandshakeIvl(300); // JeroMQ 0.6.0 may stall in a fresh handshake: give up and redial
        sub.connect("tcp://127.0.0.1:" + port);
        // A subscription reaches the publisher a moment after the connect: wait until one probe is seen.
        await().atMost(WAIT).until(() -> {
            ForwardingTestKit.send(zmq, collect, "probe", 0, 1);
            if (sub.recv(ZMQ.DONTWAIT) == null) {
                return false;
            }
            while (sub.hasReceiveMore()) {
                sub.recv(0);
            }
            return true;
        });
        Thread reader = new Thread(() -> {
            sub.setReceiveTimeOut(100);
            while (!Thread.currentThread().isInterrupted()) {
                byte[] type = sub.recv(0);
                if (type == null) {
                    continue;
                }
                byte[] event = sub.recv(0);
                if (!new String(type, StandardCharsets.UTF_8).startsWith("request")) { // not a probe
                    messages.add(event);
                }
            }
        }, "test-stream-reader");
        reader.setDaemon(true);
        reader.start();
        return messages;
    }

    private void send(java.util.function.IntFunction<String> event, int from, int to) {
        try (ZMQ.Socket push = zmq.createSocket(SocketType.PUSH)) {
            push.setSndHWM(0);
            push.setLinger(5000);
            push.setHandshakeIvl(300); // JeroMQ 0.6.0 may stall in a fresh handshake: give up and redial
            push.setImmediate(true); // and keep the events for the connection that completes
            push.connect(collect.zmqAddress());
            for (int i = from; i < to; i++) {
                push.send(TestEvents.bson(event.apply(i)), 0);
            }
        }
    }

    private static byte[] allBytes(Path logPath) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(logPath)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
