package ziggy.forward;

import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMonitor;
import org.zeromq.ZMQ;

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
 */
final class UpstreamConnection implements AutoCloseable {
    private static final AtomicLong MONITORS = new AtomicLong();
    private static final int SEND_HWM = 64;

    private final ZMQ.Socket push;
    private final ZMQ.Socket monitor;
    private boolean tcpConnected;
    private boolean connected;
    private boolean ended;

    UpstreamConnection(ZContext context, Upstream upstream) {
        push = context.createSocket(SocketType.PUSH);
        push.setLinger(0);
        push.setImmediate(true);
        push.setSndHWM(SEND_HWM);
        push.setReconnectIVL(3_600_000);
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

    /** Sends a batch's two frames; false when the socket cannot take it now (nothing was sent). */
    boolean sendBatch(byte[] header, byte[] events, int length) {
        if (!push.send(header, 0, header.length, ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
            return false;
        }
        if (!push.send(events, 0, length, ZMQ.DONTWAIT)) {
            // A multipart message is taken whole once its first frame is; this is a broken socket.
            ended = true;
            return false;
        }
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
