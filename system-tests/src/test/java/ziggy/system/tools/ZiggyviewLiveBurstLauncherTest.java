package ziggy.system.tools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;
import ziggy.testing.ToolRun;

/**
 * {@code packaging/bin/ziggyview -H} on a quiet type through a burst and a restart of the daemon,
 * as issue 16 found it: slow events, 2,000 at once, {@code kill -9} and a start on the same ports
 * (a new stream port), slow events again, then Ctrl-C. Every event is printed once.
 */
class ZiggyviewLiveBurstLauncherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET_AFTER = Duration.ofMillis(500);
    /** Longer than --quiet-after, so the view asks the control port between every two slow events. */
    private static final Duration SLOW = QUIET_AFTER.plusMillis(200);
    /** "A new port after a restart is joined within a few seconds", counted from the daemon's first STATUS answer. */
    private static final Duration REJOIN_LIMIT = Duration.ofSeconds(5);

    @TempDir
    Path logPath;

    private final ZContext zmq = new ZContext(1);
    private int markers;

    @AfterEach
    void closeSender() {
        zmq.close();
    }

    @Test
    void aQuietTypeFollowedThroughABurstAndARestartPrintsEveryEventOnceAndCtrlCIsExitZeroWithNoStackTrace()
            throws InterruptedException {
        try (RealDaemon daemon = Launchers.ziggyd(logPath);
                ToolRun view = Launchers.start("ziggyview", null, "-H", daemon.control(), "--type-name", "audit*",
                        "--quiet-after", Double.toString(QUIET_AFTER.toMillis() / 1000.0))) {
            ZMQ.Socket sender = sender(daemon);
            int oldStreamPort = streamPort(daemon);
            sendMarkersUntilOnePrints(sender, view, daemon);
            for (int id = 0; id < 3; id++) {
                send(sender, audit(id));
                Thread.sleep(SLOW.toMillis()); // the pace is what is tested: events further apart than --quiet-after
            }
            for (int id = 3; id < 2_003; id++) {
                send(sender, audit(id));
            }
            awaitPrinted(view, 2_003);

            daemon.kill9();
            daemon.start(); // the same control port, a new stream port
            int newStreamPort = streamPort(daemon);
            Duration rejoined = sendMarkersUntilOnePrints(sender, view, daemon);
            assertTrue(rejoined.compareTo(REJOIN_LIMIT) < 0, "the view followed the restarted daemon after " + rejoined);
            for (int id = 2_003; id < 2_009; id++) {
                send(sender, audit(id));
                Thread.sleep(SLOW.toMillis());
            }
            awaitPrinted(view, 2_009);

            view.interrupt();
            assertEquals(0, view.awaitExit(Duration.ofSeconds(10)), view.stderr());
            assertEquals(IntStream.range(0, 2_009).boxed().toList(), countedIds(view), "every id once, in order");
            assertEquals(expectedNotes(view.stderr(), daemon.control(), oldStreamPort, newStreamPort), view.stderr().lines().toList());
        }
    }

    /**
     * What the view may say on stderr, and nothing else: that the daemon did not answer, if it was
     * asked while down (how long the restart takes decides), and then that it answers on its new
     * port. No stack trace, no note for the burst or the Ctrl-C.
     */
    private static List<String> expectedNotes(String stderr, String control, int oldStreamPort, int newStreamPort) {
        String down = "ziggyview: the stream went quiet and " + control + " does not answer; asking again until it does";
        List<String> expected = new ArrayList<>();
        if (stderr.lines().anyMatch(down::equals)) {
            expected.add(down);
        }
        if (!expected.isEmpty() || newStreamPort != oldStreamPort) {
            expected.add("ziggyview: " + control + " answers; following its stream on port " + newStreamPort);
        }
        return expected;
    }

    /**
     * A PUSH to the daemon's collect port that sends only over a greeted connection and waits when
     * its queue is full, so that no event of the burst is lost before it reaches the daemon.
     */
    private ZMQ.Socket sender(RealDaemon daemon) {
        int collectPort;
        try (ControlClient client = new ControlClient(Endpoint.parse(daemon.control(), "control"), Duration.ofSeconds(5))) {
            collectPort = client.collectPort();
        }
        ZMQ.Socket push = zmq.createSocket(SocketType.PUSH);
        push.setLinger(2000);
        push.setHandshakeIvl(Endpoint.HANDSHAKE_LIMIT_MILLIS);
        push.setImmediate(true);
        push.setSendTimeOut(10_000);
        push.connect("tcp://127.0.0.1:" + collectPort);
        return push;
    }

    private static int streamPort(RealDaemon daemon) {
        BsonDocument status = await().atMost(Duration.ofSeconds(10)).until(daemon::status, reply -> reply != null);
        return status.getDocument("stream").getInt32("port").getValue();
    }

    private static void send(ZMQ.Socket sender, byte[] event) {
        assertTrue(sender.send(event, 0), "the daemon's collect port took no event within 10 s");
    }

    /**
     * A subscription takes a moment to reach the daemon: markers until one is printed, so the counted
     * events all go to it. Returns how long that took.
     */
    private Duration sendMarkersUntilOnePrints(ZMQ.Socket sender, ToolRun view, RealDaemon daemon) {
        int from = markers;
        long began = System.nanoTime();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                send(sender, TestEvents.bson("{type: 'audit.marker', marker: " + markers++ + "}"));
                return printed(view).stream().anyMatch(node -> node.path("marker").asInt(-1) >= from);
            });
            return Duration.ofNanos(System.nanoTime() - began);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no marker printed; daemon:\n" + daemon.output() + "\nview stderr:\n" + view.stderr()
                    + "\nview: " + view.describe(), e);
        }
    }

    private static void awaitPrinted(ToolRun view, int count) {
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> countedIds(view).size() >= count);
        } catch (ConditionTimeoutException e) {
            List<Integer> ids = countedIds(view);
            List<Integer> missing = IntStream.range(0, count).filter(id -> !ids.contains(id)).limit(20).boxed().toList();
            throw new AssertionError(ids.size() + " of " + count + " printed, first missing " + missing
                    + "; view stderr:\n" + view.stderr(), e);
        }
    }

    private static List<Integer> countedIds(ToolRun view) {
        return printed(view).stream().filter(node -> node.has("id")).map(node -> node.get("n").asInt()).toList();
    }

    /** The complete lines printed so far (the last one may still be on its way). */
    private static List<JsonNode> printed(ToolRun view) {
        String out = view.stdout();
        int end = out.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.substring(0, end).split("\n")) {
            if (!line.isEmpty()) {
                nodes.add(parse(line));
            }
        }
        return nodes;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static byte[] audit(int n) {
        return TestEvents.bson("{type: 'audit', id: 'audit-" + n + "', n: " + n + "}");
    }
}
