package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * Against an upstream built on libzmq (pyzmq) that answers every control request as the original Ziggy
 * daemon does, {@code {error: "Unknown Command"}}: the forwarder falls back to single-frame events, which
 * the upstream decodes with pymongo's bson.
 */
class OriginalZiggyUpstreamTest {
    private static final String ORIGINAL_DAEMON = """
            import sys, zmq, bson
            collect, control, expected = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
            context = zmq.Context()
            pull = context.socket(zmq.PULL); pull.bind("tcp://127.0.0.1:%d" % collect)
            rep = context.socket(zmq.REP); rep.bind("tcp://127.0.0.1:%d" % control)
            print("ready", flush=True)
            poller = zmq.Poller(); poller.register(pull, zmq.POLLIN); poller.register(rep, zmq.POLLIN)
            ids = []
            while len(ids) < expected:
                ready = dict(poller.poll(20000))
                if not ready:
                    break
                if pull in ready:
                    frames = pull.recv_multipart()
                    if len(frames) != 1:
                        print("multipart", len(frames), flush=True); sys.exit(3)
                    ids.append(bson.decode(frames[0])["id"])
                if rep in ready:
                    rep.recv()
                    rep.send(bson.encode({"error": "Unknown Command"}))
            print(" ".join(str(i) for i in ids), flush=True)
            """;

    @TempDir
    Path dir;

    @Test
    void anOriginalZiggyDaemonOnLibzmqGetsEveryEventAsASingleFrame() throws Exception {
        PythonPeer.requireZmqAndBson();
        int collect = FreePort.pick();
        int control = FreePort.pick();
        Process daemon = PythonPeer.start(ORIGINAL_DAEMON, String.valueOf(collect), String.valueOf(control), "500");
        try (DiskQueue queue = DiskQueue.open(dir, QueueOptions.of(64L << 20, FullPolicy.BLOCK, FsyncPolicy.parse("batch")));
             QueueForwarder forwarder = new QueueForwarder(queue,
                     Upstream.parseAll("127.0.0.1:" + collect, "127.0.0.1:" + control),
                     ForwarderOptions.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1)))) {
            ForwardTestEvents.append(queue, 0, 500);
            forwarder.start();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the python upstream did not get 500 events in 30 s");
            }
            String output = new String(daemon.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            String errors = new String(daemon.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, daemon.exitValue(), output + "\n" + errors);
            List<String> lines = output.lines().toList();
            assertEquals(LongStream.range(0, 500).mapToObj(Long::toString).toList(),
                    List.of(lines.get(lines.size() - 1).split(" ")));
            assertEquals(0, forwarder.status().batches(), "no batch went to an upstream that cannot take them");
            assertEquals(0, queue.stats().events(), "handed to the socket, the events left the queue");
        } finally {
            daemon.destroyForcibly();
        }
    }

}
