package ziggy.daemon.pylog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.DaemonSettings;
import ziggy.daemon.RunningDaemon;
import ziggy.daemon.agent.ForwardSettings;
import ziggy.forward.ForwarderOptions;
import ziggy.forward.Upstream;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/** On an agent, Python logging records go where its events go: into its queue, forwarded, in the master's day files once. */
class PythonLoggingAgentTest {
    private static final int RECORDS = 300;
    private static final String PUBLISHER = String.join("\n",
            "import json, logging, sys, time, zmq, bson",
            "port, control, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "ctx = zmq.Context()",
            "req = ctx.socket(zmq.REQ); req.setsockopt(zmq.RCVTIMEO, 5000); req.setsockopt(zmq.LINGER, 0)",
            "req.connect('tcp://127.0.0.1:' + control)",
            "def events():",
            "    req.send(bson.encode({'cmd': 'STATUS'}))",
            "    return bson.decode(req.recv())['python_logging']['events']",
            "pub = ctx.socket(zmq.PUB); pub.setsockopt(zmq.LINGER, 5000); pub.setsockopt(zmq.SNDHWM, 0)",
            "pub.connect('tcp://127.0.0.1:' + port)",
            "def send(channel, seq):",
            "    r = logging.LogRecord('agent.app', logging.INFO, 'a.py', 1, 'record %d', (seq,), None); r.seq = seq",
            "    pub.send_multipart([('INFO:' + channel).encode(), json.dumps(r.__dict__).encode()])",
            "deadline = time.time() + 20",
            "while events() < 1:",  // PUB/SUB drops what goes before the subscription arrives
            "    assert time.time() < deadline",
            "    send('settle', -1); time.sleep(0.05)",
            "for seq in range(n):",
            "    send('agent', seq)",
            "req.close(); pub.close(); ctx.term()");

    @TempDir
    Path dir;
    private RunningDaemon master;
    private RunningDaemon agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (master != null) {
            master.stop();
        }
    }

    private static Endpoint loopback() {
        return Endpoint.parse("127.0.0.1:" + FreePort.pick(), "test");
    }

    @Test
    void anAgentsRecordsReachTheMastersDayFilesEachOnce() throws Exception {
        Endpoint masterCollect = loopback();
        Endpoint masterControl = loopback();
        master = RunningDaemon.start(new DaemonSettings(masterCollect, masterControl, dir.resolve("master"), ZoneOffset.UTC,
                DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(60), true, null));
        ForwardSettings forward = new ForwardSettings(dir.resolve("queue"),
                QueueOptions.of(1L << 30, FullPolicy.parse("block"), FsyncPolicy.parse(FsyncPolicy.DEFAULT_TEXT)),
                Upstream.parseAll(masterCollect.toString(), masterControl.toString()), ForwarderOptions.defaults());
        Endpoint agentControl = loopback();
        agent = RunningDaemon.start(new DaemonSettings(loopback(), agentControl, null, ZoneOffset.UTC,
                DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofSeconds(60), true, forward).withPythonLogging(loopback()));
        PythonPeer.run(PUBLISHER, Duration.ofSeconds(60), "" + agent.pythonLoggingPort(), "" + agentControl.port(),
                "" + RECORDS).assertSuccess();
        Map<Integer, Integer> expected = new HashMap<>();
        for (int seq = 0; seq < RECORDS; seq++) {
            expected.put(seq, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> seqs(dir.resolve("master")).equals(expected));
    }

    /** How many times each {@code body.seq} is in the master's {@code log.agent} day files. */
    private static Map<Integer, Integer> seqs(Path logPath) throws IOException {
        Map<Integer, Integer> counts = new HashMap<>();
        try (Stream<Path> files = Files.list(logPath)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("log.agent.")).toList()) {
                ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
                while (bytes.remaining() >= 4) {
                    int length = bytes.getInt(bytes.position());
                    if (length > bytes.remaining()) {
                        break; // a write in progress
                    }
                    byte[] document = new byte[length];
                    bytes.get(document);
                    BsonDocument event = new RawBsonDocument(document);
                    assertEquals("log.agent", event.getString("type").getValue());
                    counts.merge(event.getDocument("body").getInt32("seq").getValue(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
