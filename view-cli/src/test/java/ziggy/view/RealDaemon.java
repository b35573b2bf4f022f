package ziggy.view;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.daemon.Ziggyd;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/**
 * The real ziggyd in a child JVM, a master on free ports writing into {@code logPath}, with a PUSH
 * socket that sends events the way every Ziggy client does (one BSON document a frame).
 */
final class RealDaemon implements AutoCloseable {
    final int collectPort = FreePort.pick();
    final int controlPort = FreePort.pick();
    private final Path logPath;
    private final ZContext zmq = new ZContext(1);
    private final ZMQ.Socket push;
    private ChildJvm process;

    RealDaemon(Path logPath) {
        this.logPath = logPath;
        start();
        push = zmq.createSocket(SocketType.PUSH);
        push.setLinger(2000);
        push.connect("tcp://127.0.0.1:" + collectPort);
    }

    String control() {
        return "127.0.0.1:" + controlPort;
    }

    /** Starts the daemon (again, after {@link #kill9()}) on the same ports, and waits until it answers. */
    void start() {
        process = ChildJvm.start(Ziggyd.class, List.of("-Xmx128m"), "--collect=127.0.0.1:" + collectPort,
                "--control=127.0.0.1:" + controlPort, "--log-path=" + logPath);
        try (ControlClient client = new ControlClient(Endpoint.parse(control(), "test"), Duration.ofMillis(500))) {
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> client.status() != null);
        }
    }

    /** Sends without waiting, as Ziggy clients do: while the daemon is down an event may be dropped. */
    void send(byte[] event) {
        push.send(event, ZMQ.DONTWAIT);
    }

    void kill9() {
        process.kill9();
    }

    int terminate() {
        return process.terminate(Duration.ofSeconds(15));
    }

    int awaitExit() {
        return process.awaitExit(Duration.ofSeconds(15));
    }

    String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
        zmq.close();
    }
}
