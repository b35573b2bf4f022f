package ziggy.daemon.pylog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ziggy.daemon.DaemonSettings;
import ziggy.daemon.RunningDaemon;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.PythonPeer;

/**
 * Seed 000's clients, unmodified in behaviour: a Python 3 script checks {@code /healthcheck} for
 * {@code module == "zmq_logging_aggregator"} as {@code ZmqLogHandler} does, then publishes real {@code logging}
 * records through a handler that sends {@code [b"LEVEL:channel", json.dumps(record.__dict__)]}, with bad messages
 * among them; it reads the master's day files back with pymongo's bson and finds every record once, mapped.
 */
class PythonLoggingInteropTest {
    private static final String CLIENT = String.join("\n",
            "import glob, json, logging, os, sys, time, urllib.request, zmq, bson",
            "health_url, port, control, logdir = sys.argv[1:5]",
            "health = json.loads(urllib.request.urlopen(health_url, timeout=5).read())",
            "if health.get('module') != 'zmq_logging_aggregator':",
            "    print('not a logging aggregator: %r' % health); sys.exit(3)",
            "assert health['service'] == 'ziggyd', health",
            "ctx = zmq.Context()",
            "req = ctx.socket(zmq.REQ); req.setsockopt(zmq.RCVTIMEO, 5000); req.setsockopt(zmq.LINGER, 0)",
            "req.connect('tcp://127.0.0.1:' + control)",
            "def status():",
            "    req.send(bson.encode({'cmd': 'STATUS'}))",
            "    return bson.decode(req.recv())['python_logging']",
            "pub = ctx.socket(zmq.PUB); pub.setsockopt(zmq.LINGER, 5000)",
            "pub.connect('tcp://127.0.0.1:' + port)",
            "class ZmqLogHandler(logging.Handler):",  // as seed 000's handler publishes
            "    def __init__(self, channel='all'):",
            "        super().__init__(); self.channel = channel",
            "    def emit(self, record):",
            "        pub.send_multipart([f'{record.levelname}:{self.channel}'.encode(), json.dumps(record.__dict__).encode()])",
            "def logger(name, channel=None):",
            "    log = logging.getLogger(name); log.setLevel(logging.DEBUG); log.propagate = False",
            "    log.addHandler(ZmqLogHandler() if channel is None else ZmqLogHandler(channel))",
            "    return log",
            // PUB/SUB loses what goes before the subscription reaches the publisher: send until one arrives.
            "settle = logger('settle', 'settle')",
            "deadline = time.time() + 20",
            "while status()['events'] < 1:",
            "    assert time.time() < deadline, 'no record ever arrived'",
            "    settle.info('settling'); time.sleep(0.05)",
            "web, db, plain, odd = logger('app.web', 'web'), logger('app.db', 'db/sql weird'), logger('app'), logger('x', '')",
            "expected = []",
            "def sent(log, type_, level, message, **extra):",
            "    seq = len(expected)",
            "    expected.append(dict(seq=seq, type=type_, level=level, logger=log.name, message=message, extra=extra))",
            "    return {'seq': seq, **extra}",
            "web.info('GET %s -> %d in %.3f s', '/caf\\u00e9', 200, 0.01234,",
            "         extra=sent(web, 'log.web', 'INFO', 'GET /caf\\u00e9 -> 200 in 0.012 s'))",
            "db.warning('slow query %(sql)r took %(ms)5.1f ms', {'sql': 'SELECT 1', 'ms': 1234.56},",
            "           extra=sent(db, 'log.db_sql_weird', 'WARNING', \"slow query 'SELECT 1' took 1234.6 ms\"))",
            "plain.error('\\u65e5\\u672c\\u8a9e %s', ['a', 1], extra=sent(plain, 'log.all', 'ERROR', \"\\u65e5\\u672c\\u8a9e ['a', 1]\",",
            "            user={'id': 7, 'roles': ['admin', 'ops']}, ratio=0.5, big=2 ** 40, flag=True, nothing=None))",
            "plain.debug('broken %d', 'not a number', extra=sent(plain, 'log.all', 'DEBUG', 'broken %d'))",
            "odd.critical('no channel', extra=sent(odd, 'log', 'CRITICAL', 'no channel', host='py-box'))",
            "raw = lambda i: json.dumps(logging.LogRecord('raw', 20, 'r.py', 1, 'raw %d', (i,), None).__dict__).encode()",
            "pub.send(b'INFO:bad')",                                          // not_two_frames
            "pub.send_multipart([b'INFO:bad', raw(0), b'third'])",             // not_two_frames
            "pub.send_multipart([b'INFO:bad', b'{not json'])",                  // not_json
            "pub.send_multipart([b'INFO:bad', b'[1, 2]'])",                     // not_a_record
            "pub.send_multipart([b'INFO:bad', b'{\"levelname\": \"INFO\", \"created\": 1.0}'])",  // not_a_record
            "pub.send_multipart([b'INFO:bad', b'{\"msg\": \"' + b'x' * 300000 + b'\"}'])",         // too_big
            "for i in range(50):",
            "    web.info('after the bad ones %d', i, extra=sent(web, 'log.web', 'INFO', 'after the bad ones %d' % i))",
            "deadline = time.time() + 20",
            "def by_seq():",
            "    found = {}",
            "    for path in glob.glob(os.path.join(logdir, 'log*.bson')):",
            "        with open(path, 'rb') as f:",
            "            for doc in bson.decode_file_iter(f):",
            "                if 'seq' in doc['body']:",
            "                    found.setdefault(doc['body']['seq'], []).append(doc)",
            "    return found",
            "while len(by_seq()) < len(expected):",
            "    assert time.time() < deadline, 'records missing from the day files: %r' % status()",
            "    time.sleep(0.1)",
            "found = by_seq()",
            "for want in expected:",
            "    docs = found[want['seq']]",
            "    assert len(docs) == 1, docs",
            "    doc = docs[0]; body = doc['body']",
            "    assert doc['type'] == want['type'], (doc, want)",
            "    assert body['message'] == want['message'], (body['message'], want)",
            "    assert body['level'] == want['level'] and body['logger'] == want['logger'], doc",
            "    assert body['levelno'] == logging.getLevelName(want['level']), doc",
            "    assert doc['start'] == doc['end'] and abs(doc['start'] - time.time()) < 120, doc",
            "    assert doc['pid'] == os.getpid() and len(doc['id']) == 32, doc",
            "    assert doc['host'] == want['extra'].get('host', doc['host']) and doc['host'], doc",
            "    for key in ('pathname', 'filename', 'module', 'lineno', 'funcName', 'thread', 'threadName', 'processName'):",
            "        assert key in body, (key, doc)",
            "    assert body['filename'].endswith('.py') and body['funcName'] == '<module>', doc",
            "    assert 'exc_text' not in body and 'args' not in body and 'msg' not in body, doc",
            "    for key, value in want['extra'].items():",
            "        assert body[key] == value, (key, body)",
            "assert found[2][0]['body']['big'] == 2 ** 40 and isinstance(found[2][0]['body']['big'], int)",
            "assert found[4][0]['host'] == 'py-box'",
            "print(json.dumps(status()))");

    @TempDir
    Path logPath;
    private RunningDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    private Endpoint start(boolean pythonLogging) throws Exception {
        Endpoint control = Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--control");
        DaemonSettings settings = new DaemonSettings(Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--collect"), control,
                logPath, ZoneId.of("UTC"), DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, DaemonSettings.DEFAULT_IDLE_CLOSE, true, null);
        if (pythonLogging) {
            settings = settings.withPythonLogging(Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--python-logging"));
        }
        daemon = RunningDaemon.start(settings, Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--http"));
        return control;
    }

    @Test
    void seedClientsRecordsLandInTheDayFilesOnceEachAndBadMessagesAreCountedByReason() throws Exception {
        PythonPeer.requireZmqAndBson();
        Endpoint control = start(true);
        PythonPeer.Result run = PythonPeer.run(CLIENT, Duration.ofSeconds(90),
                "http://127.0.0.1:" + daemon.httpPort() + "/healthcheck", "" + daemon.pythonLoggingPort(),
                "" + control.port(), logPath.toString()).assertSuccess();
        JsonNode counts = new ObjectMapper().readTree(run.stdout().strip());
        assertTrue(counts.get("events").asLong() >= 56, run.stdout());
        BsonDocument section;
        try (ControlClient client = new ControlClient(control, Duration.ofSeconds(5))) {
            section = client.status().getDocument(PythonLoggingCounters.SECTION);
        }
        BsonDocument rejected = section.getDocument("rejected");
        assertEquals(2, rejected.getInt64("not_two_frames").getValue(), section.toJson());
        assertEquals(1, rejected.getInt64("not_json").getValue(), section.toJson());
        assertEquals(2, rejected.getInt64("not_a_record").getValue(), section.toJson());
        assertEquals(1, rejected.getInt64("too_big").getValue(), section.toJson());
        assertEquals(1, section.getInt64("format_failed").getValue(), section.toJson());
        assertFalse(daemon.failed());
        String metrics = HttpProbe.ask(daemon.httpPort(), "GET", "/metrics", Duration.ofSeconds(10)).body();
        assertTrue(metrics.contains("ziggyd_python_logging_rejected_messages_total 6.0"), metrics);
    }

    @Test
    void healthcheckSaysZmqLoggingAggregatorOnlyWithThePythonLoggingPort() throws Exception {
        start(true);
        JsonNode on = new ObjectMapper().readTree(
                HttpProbe.ask(daemon.httpPort(), "GET", "/healthcheck", Duration.ofSeconds(10)).body());
        assertEquals("zmq_logging_aggregator", on.get("module").asText(), on.toString());
        assertEquals("ziggyd", on.get("service").asText(), on.toString());
        daemon.stop();
        start(false);
        JsonNode off = new ObjectMapper().readTree(
                HttpProbe.ask(daemon.httpPort(), "GET", "/healthcheck", Duration.ofSeconds(10)).body());
        assertEquals("ziggyd", off.get("module").asText(), off.toString());
        assertFalse(off.has("service"), off.toString());
    }

    @Test
    void thePortMovesToAnotherEndpointAndKeepsCounting() throws Exception {
        Endpoint control = start(true);
        int first = daemon.pythonLoggingPort();
        Endpoint next = Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--python-logging");
        daemon.movePythonLogging(next);
        assertEquals(next.port(), daemon.pythonLoggingPort());
        assertTrue(first != next.port());
        ControlClient client = new ControlClient(control, Duration.ofSeconds(5));
        assertEquals("127.0.0.1:" + next.port(),
                client.status().getDocument(PythonLoggingCounters.SECTION).getString("endpoint").getValue());
        Process sender = PythonPeer.start(String.join("\n",
                "import json, logging, sys, time, zmq",
                "pub = zmq.Context().socket(zmq.PUB); pub.setsockopt(zmq.LINGER, 0)",
                "pub.connect('tcp://127.0.0.1:' + sys.argv[1])",
                "record = json.dumps(logging.LogRecord('moved', 20, 'm.py', 1, 'moved %s', ('ok',), None).__dict__).encode()",
                "deadline = time.time() + 20",
                "while time.time() < deadline:",  // until the test sees one land; the stop kills us otherwise
                "    pub.send_multipart([b'INFO:moved', record]); time.sleep(0.05)"), "" + next.port());
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.status().getDocument("events").containsKey("log.moved"));
        } finally {
            sender.destroyForcibly();
            client.close();
        }
    }
}
