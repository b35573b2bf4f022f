package ziggy.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static ziggy.daemon.Events.event;
import static ziggy.daemon.Events.utc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.control.StatusKeys;

class StreamTest {
    private static final double START = utc(2026, 11, 23, 9, 0, 0);

    @TempDir
    Path logPath;

    @Test
    void subscribersGetTypeAndEventBytesFilteredByTypePrefix() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath); ZContext context = new ZContext(1)) {
            ZMQ.Socket sub = context.createSocket(SocketType.SUB);
            sub.setHandshakeIvl(300); // JeroMQ's connecting side can stall in the handshake; see RunningMaster
            sub.setReceiveTimeOut(5000);
            sub.subscribe("request".getBytes(StandardCharsets.UTF_8));
            sub.connect("tcp://127.0.0.1:" + master.client.streamPort());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    master.status().getDocument(StatusKeys.STREAM).getInt32(StatusKeys.STREAM_SUBSCRIPTIONS).getValue() == 1);

            byte[] other = event("job", START, 1);
            byte[] sql = event("request.sql", START, 2);
            master.send(other);
            master.send(sql);
            assertEquals("request.sql", sub.recvStr(0));
            assertEquals(true, sub.hasReceiveMore());
            assertArrayEquals(sql, sub.recv(0));
            assertEquals(false, sub.hasReceiveMore());
        }
    }

    @Test
    void aSubscriberThatNeverReadsDoesNotSlowOrStopIngest() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath); ZContext context = new ZContext(1)) {
            ZMQ.Socket sub = context.createSocket(SocketType.SUB);
            sub.setHandshakeIvl(300); // JeroMQ's connecting side can stall in the handshake; see RunningMaster
            sub.setRcvHWM(10);
            sub.subscribe(new byte[0]);
            sub.connect("tcp://127.0.0.1:" + master.client.streamPort());
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    master.status().getDocument(StatusKeys.STREAM).getInt32(StatusKeys.STREAM_SUBSCRIPTIONS).getValue() == 1);
            int events = 30_000;
            for (int n = 0; n < events; n++) {
                master.send(event("request", START, n));
            }
            master.awaitTaken(events, 0);
            long expectedBytes = sizeOf(events);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    java.nio.file.Files.size(logPath.resolve("request.20261123.bson")) == expectedBytes);
        }
    }

    private static long sizeOf(int events) {
        long total = 0;
        for (int n = 0; n < events; n++) {
            total += event("request", START, n).length;
        }
        return total;
    }
}
