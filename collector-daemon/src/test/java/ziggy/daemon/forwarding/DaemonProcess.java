package ziggy.daemon.forwarding;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;

import ziggy.daemon.Ziggyd;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.ControlException;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/**
 * A real ziggyd in a child JVM, on ports picked once so that it can be killed with -9 and started again
 * at the same addresses, as an operator's service manager would.
 */
final class DaemonProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    final int collectPort = FreePort.pick();
    final int controlPort = FreePort.pick();
    private final List<String> roleArgs = new ArrayList<>();
    private ChildJvm child;

    private DaemonProcess(List<String> roleArgs) {
        this.roleArgs.addAll(roleArgs);
    }

    /** More flags for every start. */
    DaemonProcess with(String... flags) {
        roleArgs.addAll(List.of(flags));
        return this;
    }

    /** A master writing into {@code logPath}. */
    static DaemonProcess master(java.nio.file.Path logPath) {
        return new DaemonProcess(List.of("--log-path=" + logPath));
    }

    /** An agent (or relay) with its queue in {@code queuePath}, forwarding to {@code upstreams} in order. */
    static DaemonProcess agent(java.nio.file.Path queuePath, DaemonProcess... upstreams) {
        StringBuilder forward = new StringBuilder();
        StringBuilder control = new StringBuilder();
        for (DaemonProcess upstream : upstreams) {
            forward.append(forward.length() == 0 ? "" : ",").append("127.0.0.1:").append(upstream.collectPort);
            control.append(control.length() == 0 ? "" : ",").append("127.0.0.1:").append(upstream.controlPort);
        }
        return agentOf(queuePath, forward.toString(), control.toString());
    }

    /** An agent forwarding to whatever listens at these ports of this host. */
    static DaemonProcess agent(java.nio.file.Path queuePath, int upstreamCollectPort, int upstreamControlPort) {
        return agentOf(queuePath, "127.0.0.1:" + upstreamCollectPort, "127.0.0.1:" + upstreamControlPort);
    }

    private static DaemonProcess agentOf(java.nio.file.Path queuePath, String forward, String control) {
        return new DaemonProcess(List.of("--queue-path=" + queuePath, "--forward=" + forward, "--forward-control=" + control));
    }

    /** Starts the daemon and waits until its control port answers. */
    DaemonProcess start() {
        List<String> args = new ArrayList<>(List.of("--collect=127.0.0.1:" + collectPort, "--control=127.0.0.1:" + controlPort));
        args.addAll(roleArgs);
        child = ChildJvm.start(Ziggyd.class, List.of("-Xmx192m"), args.toArray(String[]::new));
        await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!child.isAlive()) {
                throw new AssertionError("ziggyd " + roleArgs + " exited:\n" + child.output());
            }
            return answers();
        });
        return this;
    }

    private boolean answers() {
        try {
            status();
            return true;
        } catch (ControlException e) {
            return false;
        }
    }

    BsonDocument status() {
        try (ControlClient client = new ControlClient(Endpoint.parse("127.0.0.1:" + controlPort, "control"), Duration.ofSeconds(2))) {
            return client.status();
        }
    }

    /** Events taken in since this process started. */
    long totalEvents() {
        return status().getDocument(StatusKeys.TOTAL).getInt64(StatusKeys.TOTAL_EVENTS).getValue();
    }

    /** An agent's queue figure, e.g. {@code acknowledged_seq}. */
    long queue(String key) {
        return status().getDocument(StatusKeys.QUEUE).getNumber(key).longValue();
    }

    void kill9() {
        child.kill9();
    }

    String output() {
        return child == null ? "" : child.output();
    }

    @Override
    public void close() {
        if (child != null) {
            child.close();
        }
    }
}
