package ziggy.system.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.protocol.file.BsonFileReader;
import ziggy.system.tools.Launchers;
import ziggy.testing.ConnectionFlood;
import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.RealDaemon;

/**
 * Issue 16's HTTP attack on the packaged daemon under {@code ulimit -n 1024}: a local peer holds 200 idle
 * and 100 slowloris connections to the HTTP port (reopening each one the daemon closes), which used to
 * deny {@code /healthcheck} to the monitor. Now every probe on a fresh connection is answered 200 within a
 * second, and the rest of the daemon does not notice.
 */
class HttpHealthUnderFloodTest {
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(1);
    private static final Duration ARRIVAL = Duration.ofSeconds(30);
    private static final int EVENTS = 1000;
    private static final int BATCH = 100;

    @TempDir
    Path logPath;

    @Test
    void healthIsAnsweredWithinASecondUnderAnIdleAndSlowlorisFloodAndCollectionGoesOn() throws Exception {
        int httpPort = FreePort.pick();
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 1024)) {
            try (ConnectionFlood idle = ConnectionFlood.idle(httpPort, 200);
                    ConnectionFlood slowloris = ConnectionFlood.slowloris(httpPort, 100, Duration.ofMillis(500))) {
                for (int probe = 1; probe <= 5; probe++) {
                    HttpProbe.Answer answer = HttpProbe.ask(httpPort, "GET", "/healthcheck", PROBE_LIMIT);
                    assertEquals(200, answer.status(), "probe " + probe);
                    assertTrue(answer.took().compareTo(PROBE_LIMIT) < 0, "probe " + probe + " took " + answer.took());
                }
                assertNotNull(daemon.status(), "STATUS answers");
                Set<String> sent = sendGoodEvents(daemon);
                assertEquals(sent, idsInDayFiles(), "every good event landed once");
                assertTrue(idle.reopened() + slowloris.reopened() > 0, "the daemon closed flood connections");
                assertEquals(0, daemon.terminate(), "SIGTERM during the flood; output:\n" + daemon.output());
            }
        }
    }

    /** In batches, each awaited, so that the client's own send queue never overflows and drops one. */
    private Set<String> sendGoodEvents(RealDaemon daemon) {
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = "good-" + i;
            sent.add(id);
            daemon.send(RealDaemon.bytes(new BsonDocument("type", new BsonString("flood")).append("id", new BsonString(id))));
            if (sent.size() % BATCH == 0) {
                int landed = sent.size();
                await().atMost(ARRIVAL).until(() -> idsInDayFiles().size() == landed);
            }
        }
        return sent;
    }

    private Set<String> idsInDayFiles() throws IOException {
        Set<String> ids = new HashSet<>();
        try (DirectoryStream<Path> dayFiles = Files.newDirectoryStream(logPath, "flood.*.bson")) {
            for (Path file : dayFiles) {
                try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                    for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                        if (item instanceof BsonFileReader.Document document) {
                            ids.add(new RawBsonDocument(document.bytes()).getString("id").getValue());
                        }
                    }
                }
            }
        }
        return ids;
    }
}
