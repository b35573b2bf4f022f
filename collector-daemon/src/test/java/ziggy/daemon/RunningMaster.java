package ziggy.daemon;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.security.AdminToken;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.FreePort;

/** A master daemon in this JVM on free ports and a temporary folder, with a PUSH socket to feed it. */
final class RunningMaster implements AutoCloseable {
    final Path logPath;
    final RunningDaemon daemon;
    final Endpoint control;
    final ControlClient client;
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket push;

    RunningMaster(Path logPath) throws StartupException {
        this(logPath, ZoneId.of("UTC"), DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, DaemonSettings.DEFAULT_IDLE_CLOSE);
    }

    RunningMaster(Path logPath, ZoneId zone, int maxMessageBytes, Duration idleClose) throws StartupException {
        this.logPath = logPath;
        this.control = Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--control");
        Endpoint collect = Endpoint.parse("127.0.0.1:" + FreePort.pick(), "--collect");
        this.daemon = RunningDaemon.start(new DaemonSettings(collect, control, logPath, zone, maxMessageBytes, idleClose, true, null));
        this.client = new ControlClient(control, Duration.ofSeconds(5));
        this.push = context.createSocket(SocketType.PUSH);
        push.setLinger(5000);
        push.setSndHWM(0);
        // JeroMQ 0.6.0's connecting side now and then stalls in the ZMTP handshake (about 1 connection
        // in 250 here); a short handshake limit makes it drop such a connection and connect again.
        push.setHandshakeIvl(300);
        // Only over a greeted connection: JeroMQ throws away the pipe of a connection it drops, with the
        // events queued in it (docs/client.md, "JeroMQ's stalled handshakes").
        push.setImmediate(true);
        push.connect(collect.zmqAddress());
    }

    /** Sends one single-frame message, as Ziggy clients do. */
    void send(byte[] event) {
        push.send(event, 0);
    }

    void sendFrames(byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            push.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    BsonDocument status() {
        return client.status();
    }

    /** The admin token this start wrote, which an admin command must carry. */
    String adminToken() {
        try {
            return AdminToken.read(daemon.adminTokenFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHUTDOWN as an admin sends it: with the token. */
    BsonDocument shutdown() {
        return client.request(ControlCommand.SHUTDOWN.request().append(AdminToken.FIELD, new BsonString(adminToken())));
    }

    long totalEvents() {
        return status().getDocument(StatusKeys.TOTAL).getInt64(StatusKeys.TOTAL_EVENTS).getValue();
    }

    long rejected(String reason) {
        return status().getDocument(StatusKeys.REJECTED).getInt64(reason).getValue();
    }

    /** Waits until the daemon has taken {@code events} and counted {@code rejects} rejections in all. */
    void awaitTaken(long events, long rejects) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            BsonDocument status = status();
            long rejected = status.getDocument(StatusKeys.REJECTED).values().stream()
                    .mapToLong(v -> v.asInt64().getValue()).sum();
            return status.getDocument(StatusKeys.TOTAL).getInt64(StatusKeys.TOTAL_EVENTS).getValue() == events
                    && rejected == rejects;
        });
    }

    byte[] read(String fileName) {
        try {
            return Files.readAllBytes(logPath.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code fileName} holds exactly {@code expected}: flushes come at least every second. */
    void awaitFile(String fileName, byte[] expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(logPath.resolve(fileName))
                && java.util.Arrays.equals(read(fileName), expected));
    }

    /** The day files, by name; the daemon's dot-folder (journal, admin token) is none. */
    List<String> files() {
        try (Stream<Path> list = Files.list(logPath)) {
            return list.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        push.close();
        context.close();
        client.close();
        daemon.stop();
    }
}
