package ziggy.system.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.client.Context;
import ziggy.client.SenderOptions;
import ziggy.client.Ziggy;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * An application using the library sends to a real {@code ziggyd} master (a child JVM); the events are read
 * back from its day files with pymongo's bson and must match what the application set, field for field.
 *
 * <p>It lives here, not in the client module, because it needs the daemon on its class path: the client's
 * own build (what an application installs) must not need the daemon's.
 */
class ZiggydEndToEndTest {
    private static final int REQUESTS = 500;
    private static final Instant WHEN = Instant.parse("2026-11-23T12:34:56.789Z");
    private static final UUID USER = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

    /**
     * Reads every day file with pymongo's bson.decode_file_iter and prints, per event, the file name and
     * the event encoded again by pymongo: what pymongo understood, in bytes Java can compare exactly.
     */
    private static final String READ_DAY_FILES = """
            import sys, os, uuid, bson
            from bson.codec_options import CodecOptions
            from bson.binary import STANDARD
            # Encode UUIDs back as subtype 4 (RFC 4122), as they came; this bson's default re-encodes
            # them in the legacy subtype 3.
            standard = CodecOptions(uuid_representation=STANDARD)
            folder = sys.argv[1]
            out = open(sys.argv[2], "w")
            for name in sorted(os.listdir(folder)):
                if not name.endswith(".bson"):
                    continue
                with open(os.path.join(folder, name), "rb") as f:
                    for doc in bson.decode_file_iter(f):
                        assert isinstance(doc["start"], float) and isinstance(doc["end"], float), doc
                        assert isinstance(doc["pid"], int) and isinstance(doc["id"], str), doc
                        if doc["type"] == "request":
                            assert isinstance(doc["body"]["user"], uuid.UUID), doc["body"]["user"]
                        out.write(name + "\\t" + bson.encode(doc, codec_options=standard).hex() + "\\n")
            out.close()
            """;

    private ChildJvm daemon;

    @AfterEach
    void stop() {
        Ziggy.close();
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    @SuppressWarnings("try")
    void eventsSentToZiggydAreInItsDayFilesFieldForField(@TempDir Path logs, @TempDir Path output) throws Exception {
        PythonPeer.requireZmqAndBson();
        int collect = FreePort.pick();
        int control = FreePort.pick();
        daemon = ChildJvm.start("ziggy.daemon.Ziggyd", List.of("-Xmx256m"),
                "--collect=127.0.0.1:" + collect, "--control=127.0.0.1:" + control, "--log-path=" + logs);
        // Ready when it answers STATUS: only ziggyd does, whereas a bare TCP accept could be anyone's.
        await().atMost(Duration.ofSeconds(30)).until(() -> countTaken(control, "request") >= 0 || !daemon.isAlive());
        assertTrue(daemon.isAlive(), daemon.output());

        Ziggy.configure("127.0.0.1", collect, SenderOptions.defaults().withCloseTimeout(Duration.ofSeconds(10)));
        Map<String, BsonDocument> expected = new LinkedHashMap<>();
        double before = System.currentTimeMillis() / 1000.0;
        for (int i = 0; i < REQUESTS; i++) {
            try (Context request = Ziggy.context("request")) {
                Ziggy.set("method", "GET");
                Ziggy.set("path", "/orders/" + i);
                try (Context sql = Ziggy.context(".sql")) {
                    Ziggy.set("query", "select * from orders where id = ?");
                    Ziggy.add("row_count", i);
                    Ziggy.append("tables", "orders");
                    Ziggy.append("tables", "users");
                }
                Ziggy.set("response.status", 200);
                Ziggy.set("response.size", 1L << 33);
                Ziggy.set("ratio", i / 4.0);
                Ziggy.set("cached", i % 2 == 0);
                Ziggy.set("nothing", null);
                Ziggy.set("when", WHEN);
                Ziggy.set("user", USER);
                Ziggy.set("raw", new byte[] {1, 2, 3});
                expected.put("request " + request.id(), new BsonDocument()
                        .append("method", new BsonString("GET"))
                        .append("path", new BsonString("/orders/" + i))
                        .append("response", new BsonDocument("status", new BsonInt32(200))
                                .append("size", new BsonInt64(1L << 33)))
                        .append("ratio", new BsonDouble(i / 4.0))
                        .append("cached", BsonBoolean.valueOf(i % 2 == 0))
                        .append("nothing", BsonNull.VALUE)
                        .append("when", new BsonDateTime(WHEN.toEpochMilli()))
                        .append("user", new BsonBinary(USER))
                        .append("raw", new BsonBinary(new byte[] {1, 2, 3})));
                expected.put("request.sql " + request.id(), new BsonDocument()
                        .append("query", new BsonString("select * from orders where id = ?"))
                        .append("row_count", new BsonInt32(i))
                        .append("tables", new BsonArray(List.of(new BsonString("orders"), new BsonString("users")))));
            }
        }
        Ziggy.close();
        double after = System.currentTimeMillis() / 1000.0;
        assertEquals(2L * REQUESTS, Ziggy.stats().sent(), Ziggy.stats() + "; ziggyd alive: " + daemon.isAlive()
                + "; its output:\n" + daemon.output());
        assertEquals(0, Ziggy.stats().dropped(), Ziggy.stats().toString());

        // Every event reached the daemon (its STATUS counts them) before it is stopped; SIGTERM flushes the files.
        await().atMost(Duration.ofSeconds(20)).until(() -> countTaken(control, "request") == REQUESTS
                && countTaken(control, "request.sql") == REQUESTS);
        assertEquals(0, daemon.terminate(Duration.ofSeconds(20)), daemon.output());

        List<String[]> lines = readDayFiles(logs, output.resolve("events.txt"));
        assertEquals(2 * REQUESTS, lines.size());
        String day = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli((long) (before * 1000)));
        for (String[] line : lines) {
            BsonDocument event = new RawBsonDocument(HexFormat.of().parseHex(line[1]));
            String type = event.getString("type").getValue();
            assertEquals(type + "." + day + ".bson", line[0]);
            assertEquals(List.of("id", "type", "host", "pid", "start", "end", "body"), List.copyOf(event.keySet()));
            assertEquals(kernelNodeName(), event.getString("host").getValue());
            assertEquals(ProcessHandle.current().pid(), event.getInt32("pid").getValue());
            double start = event.getDouble("start").getValue();
            double end = event.getDouble("end").getValue();
            assertTrue(before - 0.001 <= start && start <= end && end <= after + 0.001, start + " " + end);
            BsonDocument body = expected.remove(type + " " + event.getString("id").getValue());
            assertEquals(body, event.getDocument("body"), type);
        }
        assertTrue(expected.isEmpty(), "never read back: " + expected.keySet());
    }

    /** The host every event names: the kernel's node name, as Python's client ({@code os.uname()[1]}) has it. */
    private static String kernelNodeName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    /** {@code events.<type>.count} from the daemon's STATUS reply on its control port. */
    private static long countTaken(int control, String type) {
        try (ZContext zmq = new ZContext()) {
            ZMQ.Socket req = zmq.createSocket(SocketType.REQ);
            req.setReceiveTimeOut(2000);
            req.setLinger(0);
            req.setHandshakeIvl(250); // JeroMQ 0.6.0 leaves a fresh connection stuck in its greeting now and then: redial
            req.connect("tcp://127.0.0.1:" + control);
            RawBsonDocument status = new RawBsonDocument(new BsonDocument("cmd", new BsonString("STATUS")),
                    new BsonDocumentCodec());
            req.send(Arrays.copyOf(status.getByteBuffer().array(), status.getByteBuffer().remaining()));
            byte[] reply = req.recv();
            if (reply == null) {
                return -1;
            }
            BsonDocument events = new RawBsonDocument(reply).getDocument("events", new BsonDocument());
            BsonDocument ofType = events.getDocument(type, new BsonDocument());
            return ofType.containsKey("count") ? ofType.get("count").asNumber().longValue() : 0;
        }
    }

    /** Through a file: a pipe would fill up and stall the script, which PythonPeer reads only at the end. */
    private static List<String[]> readDayFiles(Path logs, Path into) throws IOException {
        PythonPeer.run(READ_DAY_FILES, Duration.ofSeconds(30), logs.toString(), into.toString()).assertSuccess();
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(into)) {
            if (!line.isBlank()) {
                lines.add(line.split("\t", 2));
            }
        }
        return lines;
    }

}
