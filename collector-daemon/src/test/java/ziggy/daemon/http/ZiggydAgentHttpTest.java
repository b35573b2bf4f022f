package ziggy.daemon.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import com.fasterxml.jackson.databind.ObjectMapper;

import ziggy.daemon.Ziggyd;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/** An agent whose upstream is down, with {@code --http}: its queue and forwarder as an operator's scraper sees them. */
class ZiggydAgentHttpTest {
    private static final int EVENTS = 7;

    @TempDir
    Path folder;

    @Test
    void anAgentsQueueAndForwarderAppearInMetricsAndItsRoleInTheHealthReport() throws Exception {
        int httpPort = FreePort.pick();
        int collectPort = FreePort.pick();
        int downUpstream = FreePort.pick();
        HttpClient client = HttpClient.newHttpClient();
        try (ChildJvm agent = ChildJvm.start(Ziggyd.class, List.of("-Xmx96m"), "--queue-path=" + folder.resolve("queue"),
                "--forward=127.0.0.1:" + downUpstream, "--collect=127.0.0.1:" + collectPort,
                "--control=127.0.0.1:" + FreePort.pick(), "--http=127.0.0.1:" + httpPort);
             ZContext context = new ZContext(1)) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> get(client, httpPort, "/healthcheck").statusCode() == 200);
            ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setHandshakeIvl(300); // JeroMQ drops a connection left stuck in its greeting and dials again
            push.setImmediate(true); // and sends over greeted connections only, so the dropped one takes no event with it
            push.connect("tcp://127.0.0.1:" + collectPort);
            ByteBuffer bytes = new RawBsonDocument(new BsonDocument("type", new BsonString("request")), new BsonDocumentCodec())
                    .getByteBuffer().asNIO();
            byte[] event = new byte[bytes.remaining()];
            bytes.get(event);
            for (int i = 0; i < EVENTS; i++) {
                push.send(event, 0);
            }

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> get(client, httpPort, "/metrics").body().contains("\nziggyd_events_received_total " + EVENTS + ".0\n"));
            String metrics = get(client, httpPort, "/metrics").body();
            assertTrue(metrics.contains("\nziggyd_queue_events " + EVENTS + ".0\n"), "all waiting for the upstream: " + metrics);
            PrometheusText.checkStrictly(metrics);
            PrometheusText.checkWithPromtoolWhereInstalled(metrics);
            assertTrue(metrics.contains("\nziggyd_forward_connected 0.0\n"), metrics);
            assertTrue(metrics.contains("upstream=\"127.0.0.1:" + downUpstream + "\""), metrics);
            assertTrue(metrics.contains("\nziggyd_role_info{role=\"agent\"} 1\n"), metrics);

            HttpResponse<String> health = get(client, httpPort, "/healthcheck");
            assertEquals(200, health.statusCode(), "events wait far less than the 5 minute threshold: " + health.body());
            assertEquals("agent", new ObjectMapper().readTree(health.body()).path("role").asText());
            assertTrue(agent.isAlive(), agent.output());
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
