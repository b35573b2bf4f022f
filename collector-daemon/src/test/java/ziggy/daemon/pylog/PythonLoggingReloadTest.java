package ziggy.daemon.pylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.PythonPeer;
import ziggy.testing.RealDaemon;

/**
 * The handler shipped for containers (packaging/docker/python-app/zmq_log_handler.py, as seed 000's)
 * against a ziggyd whose Python logging port a reload opens and then closes: before, {@code /healthcheck}
 * says ziggyd and the handler would refuse to start; after the reload it says zmq_logging_aggregator and
 * every record of the handler lands once; a second reload closes the port and ziggyd is itself again.
 */
class PythonLoggingReloadTest {
    /** Logs through the shipped handler, then reads the day files back with pymongo's bson. */
    private static final String APP = String.join("\n",
            "import glob, logging, os, sys, time, bson, zmq",
            "handler_dir, port, http_port, control, logdir = sys.argv[1:6]",
            "sys.path.insert(0, handler_dir)",
            "from zmq_log_handler import ZmqLogHandler",
            "handler = ZmqLogHandler(host='127.0.0.1', port=int(port), http_port=int(http_port), channel='orders')",
            "log = logging.getLogger('shop.orders'); log.setLevel(logging.INFO); log.propagate = False; log.addHandler(handler)",
            "req = zmq.Context.instance().socket(zmq.REQ); req.setsockopt(zmq.RCVTIMEO, 5000); req.connect('tcp://127.0.0.1:' + control)",
            "def taken():",
            "    req.send(bson.encode({'cmd': 'STATUS'}))",
            "    return bson.decode(req.recv())['python_logging']['events']",
            // PUB/SUB loses what goes before the subscription reaches the publisher: send until one arrives.
            "deadline = time.time() + 20",
            "while taken() < 1:",
            "    assert time.time() < deadline, 'no record ever arrived'",
            "    log.info('settling'); time.sleep(0.05)",
            "for n in range(100):",
            "    log.info('order %d placed for %.2f EUR', n, n * 1.5, extra={'customer': 'c-%d' % (n % 7)})",
            "def messages():",
            "    found = []",
            "    for path in glob.glob(os.path.join(logdir, 'log.orders.*.bson')):",
            "        with open(path, 'rb') as f:",
            "            found += [doc['body']['message'] for doc in bson.decode_file_iter(f)]",
            "    return found",
            "deadline = time.time() + 20",
            "while sum(m.startswith('order ') for m in messages()) < 100:",
            "    assert time.time() < deadline, 'records missing: %d' % len(messages())",
            "    time.sleep(0.1)",
            "orders = [m for m in messages() if m.startswith('order ')]",
            "assert sorted(orders) == sorted('order %d placed for %.2f EUR' % (n, n * 1.5) for n in range(100)), orders",
            "handler.close()",
            "print('100 orders once each')");

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void aReloadOpensThePortTheShippedHandlerLogsThroughAndAnotherClosesIt() throws Exception {
        Path config = dir.resolve("ziggyd.conf");
        Path log = dir.resolve("log");
        int httpPort = FreePort.pick();
        int pythonPort = FreePort.pick();
        Files.writeString(config, "http = 127.0.0.1:" + httpPort + "\n");
        try (RealDaemon daemon = RealDaemon.master(log).with("--config=" + config).start()) {
            assertEquals("ziggyd", module(httpPort));

            Files.writeString(config, "http = 127.0.0.1:" + httpPort + "\npython-logging = 127.0.0.1:" + pythonPort + "\n");
            assertEquals(new BsonArray(List.of(new BsonString("python-logging"))), daemon.reload().getArray("applied"));
            assertEquals("zmq_logging_aggregator", module(httpPort));

            Path handlerDir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent()
                    .resolve("packaging/docker/python-app");
            PythonPeer.Result app = PythonPeer.run(APP, Duration.ofSeconds(90), handlerDir.toString(), String.valueOf(pythonPort),
                    String.valueOf(httpPort), daemon.control().split(":")[1], log.toString());
            app.assertSuccess();
            assertTrue(app.stdout().contains("100 orders once each"), app.stdout());

            Files.writeString(config, "http = 127.0.0.1:" + httpPort + "\n");
            BsonDocument closed = daemon.reload();
            assertEquals(new BsonArray(List.of(new BsonString("python-logging"))), closed.getArray("applied"));
            assertEquals("ziggyd", module(httpPort));
        }
    }

    private static String module(int httpPort) throws Exception {
        HttpProbe.Answer health = HttpProbe.ask(httpPort, "GET", "/healthcheck", Duration.ofSeconds(5));
        assertEquals(200, health.status(), health.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(health.body()).get("module").asText();
    }
}
