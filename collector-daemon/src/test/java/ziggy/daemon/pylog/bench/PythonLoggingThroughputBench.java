package ziggy.daemon.pylog.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.DaemonSettings;
import ziggy.daemon.RunningDaemon;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * How many Python logging records a second a master takes into its pipeline (made events, scanned, counted,
 * written to day files): pyzmq publishes N real {@code json.dumps(record.__dict__)} records, encoded before the
 * clock starts so that Python's logging is not what is measured, with SNDHWM 0 so that nothing is dropped at the
 * publisher; the clock stops when STATUS counts all N under {@code log.bench}. Two warm-up rounds of the same size
 * run first. Beside records/s it gives the daemon's CPU time a record, which does not depend on what else runs. Not part of the build: run it on a quiet machine with
 * <pre>mvn -B -ntp -o -q -pl collector-daemon -am test -Dtest=PythonLoggingThroughputBench \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dziggy.bench=true [-Dziggy.bench.records=500000]</pre>
 */
class PythonLoggingThroughputBench {
    private static final String PUBLISHER = String.join("\n",
            "import json, logging, sys, time, zmq, bson",
            "port, control, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
            "ctx = zmq.Context()",
            "req = ctx.socket(zmq.REQ); req.setsockopt(zmq.RCVTIMEO, 5000); req.setsockopt(zmq.LINGER, 0)",
            "req.connect('tcp://127.0.0.1:' + control)",
            "def taken():",
            "    req.send(bson.encode({'cmd': 'STATUS'}))",
            "    return bson.decode(req.recv())['events'].get('log.bench', {}).get('count', 0)",
            "pub = ctx.socket(zmq.PUB); pub.setsockopt(zmq.SNDHWM, 0); pub.setsockopt(zmq.LINGER, 0)",
            "pub.connect('tcp://127.0.0.1:' + port)",
            "topic = b'INFO:bench'",
            "def record(i):",
            "    r = logging.LogRecord('bench.app', logging.INFO, '/srv/app/handlers.py', 120 + i % 7,",
            "                          'request %s from %s took %.3f ms', ('/api/items/%d' % i, '10.0.0.%d' % (i % 250), i / 7.0), None,",
            "                          func='handle')",
            "    r.user_id = i; r.tags = ['a', 'b']",
            "    return json.dumps(r.__dict__).encode()",
            "records = [record(i) for i in range(n)]",
            "print('record bytes: %d' % len(records[0]), flush=True)",
            "deadline = time.time() + 20",
            "while taken() < 1:",  // PUB/SUB loses what goes before the subscription: send until one lands
            "    assert time.time() < deadline",
            "    pub.send_multipart([topic, records[0]]); time.sleep(0.05)",
            "for round_ in ('warm-up', 'warm-up', 'measured'):",
            "    before = taken()",
            "    print('start ' + round_, flush=True)",
            "    start = time.perf_counter()",
            "    for r in records:",
            "        pub.send(topic, zmq.SNDMORE); pub.send(r)",
            "    sent = time.perf_counter() - start",
            "    while taken() < before + n:",
            "        time.sleep(0.01)",
            "    took = time.perf_counter() - start",
            "    print('%s: %d records in %.3f s: %.0f records/s (publisher done after %.3f s)' % (round_, n, took, n / took, sent),",
            "          flush=True)");

    @TempDir
    Path logPath;

    /** The mapping alone, JSON to BSON event, on this thread: what the port's thread spends per record. */
    @Test
    void encodesPerSecond() throws Exception {
        assumeTrue(Boolean.getBoolean("ziggy.bench"), "a benchmark: -Dziggy.bench=true");
        String json = PythonPeer.run(String.join("\n", "import json, logging",
                "r = logging.LogRecord('bench.app', logging.INFO, '/srv/app/handlers.py', 120,",
                "    'request %s from %s took %.3f ms', ('/api/items/7', '10.0.0.7', 1.0), None, func='handle')",
                "r.user_id = 7; r.tags = ['a', 'b']",
                "print(json.dumps(r.__dict__))"), Duration.ofSeconds(30)).assertSuccess().stdout().strip();
        byte[] record = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] topic = "INFO:bench".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ziggy.daemon.pylog.LogRecordEventProbe probe = new ziggy.daemon.pylog.LogRecordEventProbe();
        for (int round = 0; round < 5; round++) {
            int n = 500_000;
            long start = System.nanoTime();
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                bytes += probe.encode(topic, record);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("encode: %.0f records/s (%.2f us each, %d bytes out)%n", n / seconds, seconds * 1e6 / n, bytes / n);
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bytes += probe.parse(record);
            }
            System.out.printf("  parse alone: %.2f us%n", (System.nanoTime() - start) / 1e3 / n);
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bytes += probe.format(record);
            }
            System.out.printf("  parse and format: %.2f us%n", (System.nanoTime() - start) / 1e3 / n);
        }
    }

    @Test
    void recordsPerSecondIntoThePipeline() throws Exception {
        assumeTrue(Boolean.getBoolean("ziggy.bench"), "a benchmark: -Dziggy.bench=true");
        int records = Integer.getInteger("ziggy.bench.records", 500_000);
        Endpoint control = Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--control");
        DaemonSettings settings = new DaemonSettings(Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--collect"), control,
                logPath, ZoneId.of("UTC"), DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, DaemonSettings.DEFAULT_IDLE_CLOSE, true,
                null).withPythonLogging(Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--python-logging"));
        RunningDaemon daemon = RunningDaemon.start(settings);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Process publisher = PythonPeer.start(PUBLISHER, "" + daemon.pythonLoggingPort(), "" + control.port(), "" + records);
        try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(publisher.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            long cpuAtStart = 0;
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("start ")) {
                    cpuAtStart = os.getProcessCpuTime();
                    continue;
                }
                String cpu = "";
                if (line.contains("records/s")) {
                    // The daemon's CPU per record, all its threads (and this JVM's JIT and GC): what a quiet machine
                    // would need, whatever else shares this one.
                    double micros = (os.getProcessCpuTime() - cpuAtStart) / 1e3 / records;
                    cpu = String.format("; daemon CPU %.2f us a record, %.0f records/s a core", micros, 1e6 / micros);
                }
                System.out.println("PythonLoggingThroughputBench: " + line + cpu);
            }
            if (publisher.waitFor() != 0) {
                throw new AssertionError("the publisher failed: "
                        + new String(publisher.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            publisher.destroyForcibly();
            daemon.stop();
        }
    }
}
