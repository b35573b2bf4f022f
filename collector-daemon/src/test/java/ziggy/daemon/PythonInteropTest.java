package ziggy.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.testing.PythonPeer;

/**
 * The daemon held to the outside world: Python with libzmq (pyzmq) sends events the way Ziggy's
 * clients do, asks SOCK_STREAM and STATUS over REQ, subscribes to the stream, and reads the day
 * files back with pymongo's {@code bson.decode_file_iter}; the files are the sent bytes exactly.
 */
class PythonInteropTest {
    private static final String PEER = String.join("\n",
            "import os, sys, time, zmq, bson",
            "collect, control, logdir, outdir = sys.argv[1:5]",
            "ctx = zmq.Context()",
            "req = ctx.socket(zmq.REQ); req.setsockopt(zmq.RCVTIMEO, 5000); req.setsockopt(zmq.LINGER, 0)",
            "req.connect('tcp://127.0.0.1:' + control)",
            "def ask(cmd):",
            "    req.send(bson.encode({'cmd': cmd}))",
            "    return bson.decode(req.recv())",
            "assert ask('NO_SUCH') == {'error': 'Unknown Command'}",
            "stream_port = ask('SOCK_STREAM')['port']",
            "assert ask('SOCK_COLLECT')['port'] == int(collect)",
            "sub = ctx.socket(zmq.SUB); sub.setsockopt(zmq.SUBSCRIBE, b'request'); sub.setsockopt(zmq.RCVTIMEO, 5000)",
            "sub.setsockopt(zmq.LINGER, 0); sub.connect('tcp://127.0.0.1:%d' % stream_port)",
            "deadline = time.time() + 10",
            "while ask('STATUS')['stream']['subscriptions'] < 1:",
            "    assert time.time() < deadline, 'the subscription never reached the daemon'",
            "    time.sleep(0.05)",
            "push = ctx.socket(zmq.PUSH); push.setsockopt(zmq.LINGER, 5000)",
            "push.connect('tcp://127.0.0.1:' + collect)",
            "sent, streamed = {}, []",
            "for i in range(300):",
            "    kind = ['request', 'request.sql', 'job'][i % 3]",
            "    start = 1763900000.0 + i",
            "    doc = {'type': kind, 'id': os.urandom(8).hex(), 'host': 'py-host', 'pid': os.getpid(),",
            "           'start': start, 'end': start + 0.012,",
            "           'body': {'path': '/caf\\u00e9', 'i': i, 'tags': ['a', 'b'], 'ok': True, 'none': None, 'n': 2 ** 40}}",
            "    data = bson.encode(doc)",
            "    sent.setdefault(kind, bytearray()).extend(data)",
            "    if kind.startswith('request'):",
            "        streamed.append((kind.encode(), data))",
            "    push.send(data)",
            "for kind, data in streamed:",
            "    assert sub.recv() == kind and sub.getsockopt(zmq.RCVMORE) == 1",
            "    assert sub.recv() == data",
            "deadline = time.time() + 10",
            "while ask('STATUS')['total']['events'] < 300:",
            "    assert time.time() < deadline, 'the daemon did not take 300 events'",
            "    time.sleep(0.05)",
            "status = ask('STATUS')",
            "assert status['events']['request']['count'] == 100, status",
            "assert status['hosts']['py-host']['count'] == 300, status",
            "assert abs(status['events']['job']['last'] - (1763900000.0 + 299 + 0.012)) < 1e-6, status",
            "assert isinstance(status['last'], float) and isinstance(status['lag'], float), status",
            "for kind, data in sent.items():",
            "    path = os.path.join(logdir, kind + '.20251123.bson')",
            "    while not os.path.exists(path) or os.path.getsize(path) < len(data):",
            "        assert time.time() < deadline + 10, path",
            "        time.sleep(0.05)",
            "    with open(path, 'rb') as f:",
            "        docs = list(bson.decode_file_iter(f))",
            "    assert b''.join(bson.encode(d) for d in docs) == bytes(data), kind",
            "    with open(os.path.join(outdir, kind + '.sent'), 'wb') as f:",
            "        f.write(data)",
            "print('ok')");

    @TempDir
    Path logPath;
    @TempDir
    Path sentPath;

    @BeforeAll
    static void pythonHasZmqAndBson() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void libzmqClientsStatusStreamAndPymongoReadBackAgree() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            PythonPeer.run(PEER, Duration.ofSeconds(60), Integer.toString(master.daemon.collectPort()),
                    Integer.toString(master.control.port()), logPath.toString(), sentPath.toString()).assertSuccess();
        }
        for (String type : new String[] {"request", "request.sql", "job"}) {
            byte[] sent = Files.readAllBytes(sentPath.resolve(type + ".sent"));
            assertTrue(sent.length > 0);
            assertArrayEquals(sent, Files.readAllBytes(logPath.resolve(type + ".20251123.bson")), type);
        }
    }
}
