package ziggy.forward;

import java.time.Duration;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMonitor;
import org.zeromq.ZMQ;

import ziggy.protocol.security.CurveClientKeys;

/**
 * One PUSH connection to an upstream's collect port, used for one TCP connection only.
 *
 * <p>Why only one: ZeroMQ reconnects a socket by itself and then delivers what was still queued in it,
 * while what was in flight on the broken connection is lost. The upstream would then see newer seqs
 * before the lost older ones were sent again. So this socket never reconnects on its own (its reconnect
 * interval is an hour), a monitor reports the connection's end at once, and the forwarder then closes
 * the socket, discarding what is queued, and sends again from acknowledged seq + 1 on a new one. Every
 * connection thus carries seqs in order from the acknowledged point on. With {@code immediate} set,
 * nothing is queued before the connection is up; every send is non-blocking.
 *
 * <p>Batch frames are read into and sent from this connection's {@link BatchBuffers}, so a batch is
 * copied once, from the queue file into a direct buffer, and JeroMQ writes it to the kernel from there.
 */
final class UpstreamConnection implements AutoCloseable {
    private static final AtomicLong MONITORS = new AtomicLong();
    private static final int SEND_HWM = 64;
    /**
     * A PUSH socket receives no messages, only its peer's ZMTP commands (READY, PING), a few dozen bytes:
     * a larger frame from the upstream is refused before JeroMQ allocates it. The monitor is inproc,
     * whose messages are JeroMQ's own events and never decoded from a wire, so it needs no limit.
     */
    private static final int MAX_RECEIVED_BYTES = 1024;
    /**
     * How many batch frames may be in JeroMQ's hands at once (queued or being written). With the default
     * 1 MiB batches that is up to 8 MiB of direct memory per connection, ahead of the kernel's socket
     * buffer: enough to keep the wire busy between two turns of the forwarder's loop.
     */
    static final int BATCH_BUFFERS = 8;

    /** How many heartbeat intervals a PING may go unanswered before the connection counts as dead. */
    static final int HEARTBEAT_TIMEOUT_INTERVALS = 3;

    private final ZMQ.Socket push;
    private final ZMQ.Socket monitor;
    private final BatchBuffers buffers;
    private boolean tcpConnected;
    private boolean connected;
    private boolean ended;

    /** {@code curve}: null for a plain connection, else the keys the PUSH socket speaks CURVE with. */
    UpstreamConnection(ZContext context, Upstream upstream, int batchBytes, int maxEventBytes, Duration heartbeat,
                       CurveClientKeys curve) {
        buffers = new BatchBuffers(BATCH_BUFFERS, batchBytes, maxEventBytes);
        push = context.createSocket(SocketType.PUSH);
        push.setLinger(0);
        push.setImmediate(true);
        push.setSndHWM(SEND_HWM);
        push.setReconnectIVL(3_600_000);
        push.setMaxMsgSize(MAX_RECEIVED_BYTES);
        push.setHeartbeatIvl((int) heartbeat.toMillis());
        // JeroMQ drops the connection when no PONG comes within the heartbeat timeout, which defaults to
        // the interval itself: one slow answer from a busy master would cost a reconnect and a resend.
        push.setHeartbeatTimeout((int) heartbeat.toMillis() * HEARTBEAT_TIMEOUT_INTERVALS);
        if (curve != null) {
            curve.apply(push);
        }
        String address = "inproc://ziggy-forward-monitor-" + MONITORS.incrementAndGet();
        push.monitor(address, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED | ZMQ.EVENT_CLOSED);
        monitor = context.createSocket(SocketType.PAIR);
        monitor.connect(address);
        push.connect(upstream.collect().zmqConnectAddress());
    }

    /**
     * Reads the monitor's news: the TCP connection came up, the ZMTP handshake finished, or the
     * connection ended. Only a finished handshake counts as connected: on this JVM a few percent of
     * JeroMQ connections stay stuck between TCP connect and handshake, and sends queued on them never
     * arrive, so the forwarder gives such a connection up after its connect timeout.
     */
    void pollEvents() {
        ZEvent event;
        while ((event = ZEvent.recv(monitor, ZMQ.DONTWAIT)) != null) {
            ZMonitor.Event kind = event.getEvent();
            if (kind == ZMonitor.Event.CONNECTED) {
                tcpConnected = true;
            } else if (kind == ZMonitor.Event.HANDSHAKE_PROTOCOL) {
                connected = true;
            } else if (kind == ZMonitor.Event.DISCONNECTED || kind == ZMonitor.Event.CLOSED) {
                if (tcpConnected) {
                    ended = true;
                }
                connected = false;
            }
        }
    }

    /** Whether the ZMTP handshake finished and the connection is still up. */
    boolean connected() {
        return connected && !ended;
    }

    /** Whether the TCP connection came up at all (a refused or unreachable upstream never gets this far). */
    boolean tcpConnected() {
        return tcpConnected;
    }

    /** Whether a connection that was up has ended; the socket is then of no more use. */
    boolean ended() {
        return ended;
    }

    /** A cleared buffer to read the next batch's events into, or null while JeroMQ still holds every one. */
    ByteBuffer batchBuffer() {
        return buffers.next();
    }

    /** A cleared buffer for an event too big for {@link #batchBuffer()}'s (up to the queue's largest event). */
    ByteBuffer oversizeBuffer() {
        return buffers.oversize();
    }

    /**
     * Sends a batch's two frames, the events being {@code events}' bytes from 0 to its position (a buffer
     * from {@link #batchBuffer()} or {@link #oversizeBuffer()}, which must not be touched again until it is
     * handed out again); false when the socket cannot take it now (nothing was sent).
     */
    boolean sendBatch(byte[] header, ByteBuffer events) {
        if (!push.send(header, 0, header.length, ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
            return false;
        }
        if (!push.sendMsg(buffers.frame(events), ZMQ.DONTWAIT)) {
            // A multipart message is taken whole once its first frame is; this is a broken socket.
            ended = true;
            return false;
        }
        buffers.taken(events);
        return true;
    }

    /** Sends one single-frame event; false when the socket cannot take it now. */
    boolean sendFrame(byte[] bytes, int offset, int length) {
        return push.send(bytes, offset, length, ZMQ.DONTWAIT);
    }

    @Override
    public void close() {
        push.monitor(null, 0);
        push.close();
        monitor.close();
    }
}
