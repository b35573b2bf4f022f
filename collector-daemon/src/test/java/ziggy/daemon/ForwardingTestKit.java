package ziggy.daemon;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.daemon.agent.ForwardSettings;
import ziggy.forward.ForwarderOptions;
import ziggy.forward.Upstream;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.FreePort;
import ziggy.testing.TestEvents;

/**
 * What the tests of daemons forwarding in this JVM share: endpoints on free loopback ports, an agent's
 * forward settings, a client sending numbered events, the agent's acknowledged seq, and the ids
 * expected once each in the day files.
 */
public final class ForwardingTestKit {
    private ForwardingTestKit() {
    }

    /** 127.0.0.1 on a port free now. */
    public static Endpoint loopback() {
        return Endpoint.parse("127.0.0.1:" + FreePort.pick(), "a test port");
    }

    /** A queue in {@code queuePath} (1 GiB, block when full, the default fsync) forwarding to one upstream. */
    public static ForwardSettings forwardTo(Path queuePath, Endpoint collect, Endpoint control, ForwarderOptions options) {
        return new ForwardSettings(queuePath,
                QueueOptions.of(1L << 30, FullPolicy.parse("block"), FsyncPolicy.parse(FsyncPolicy.DEFAULT_TEXT)),
                Upstream.parseAll(collect.toString(), control.toString()), options);
    }

    /**
     * Events {@code prefix-from .. prefix-(to-1)} (types {@code request}, every third {@code request.sql})
     * from one PUSH socket, as a client sends them; returns once the socket has handed them all over.
     */
    public static void send(ZContext zmq, Endpoint collect, String prefix, int from, int to) {
        try (ZMQ.Socket push = zmq.createSocket(SocketType.PUSH)) {
            push.setSndHWM(0);
            push.setLinger(5000);
            push.setHandshakeIvl(300);
            push.setImmediate(true);
            push.connect(collect.zmqAddress());
            for (int i = from; i < to; i++) {
                push.send(TestEvents.bson("{type: '" + (i % 3 == 0 ? "request.sql" : "request") + "', id: '" + prefix + "-" + i
                        + "', start: " + (System.currentTimeMillis() / 1000.0) + "}"), 0);
            }
        }
    }

    /** The agent's forward.acknowledged_seq. */
    public static long acknowledged(ControlClient agentStatus) {
        return agentStatus.status().getDocument(StatusKeys.FORWARD).getInt64("acknowledged_seq").getValue();
    }

    /** {@code prefix-0 .. prefix-(events-1)}, each once, as {@code DayFileIds.counts} gives them. */
    public static Map<String, Integer> ids(String prefix, int events) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < events; i++) {
            ids.put(prefix + "-" + i, 1);
        }
        return ids;
    }
}
