package ziggy.client;

import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.SocketType;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * Whether the sender's PUSH socket has a connection whose ZMTP greeting has completed, read from JeroMQ's
 * socket monitor. The sender hands events to JeroMQ only while it has one, so that with no daemon (or a
 * daemon that accepts TCP but never answers) events stay in the client's own queue, where they are counted
 * as queued and, when it fills, as dropped, instead of piling up unseen in JeroMQ's pipe.
 *
 * <p>Monitor events for one connection come from one I/O thread, in order. A new TCP connection, a
 * disconnect or a close means "down" until that connection's greeting completes ("up"). Owned by the sender
 * thread, like the socket it watches.
 */
final class ConnectionWatch implements AutoCloseable {
    private static final AtomicLong NEXT_ID = new AtomicLong();
    private static final int EVENTS = ZMQ.EVENT_CONNECTED | ZMQ.EVENT_HANDSHAKE_PROTOCOL
            | ZMQ.EVENT_DISCONNECTED | ZMQ.EVENT_CLOSED;

    private final ZMQ.Socket watched;
    private final ZMQ.Socket events;
    private boolean up;

    ConnectionWatch(ZMQ.Context zmq, ZMQ.Socket watched) {
        this.watched = watched;
        String address = "inproc://ziggy-client-monitor-" + NEXT_ID.incrementAndGet();
        if (!watched.monitor(address, EVENTS)) {
            throw new IllegalStateException("JeroMQ refused to monitor the PUSH socket (errno " + watched.errno() + ")");
        }
        this.events = zmq.socket(SocketType.PAIR);
        events.connect(address);
    }

    /** Takes in what the monitor reported so far, without waiting. */
    boolean isUp() {
        for (ZEvent event = ZEvent.recv(events, ZMQ.DONTWAIT); event != null;
                event = ZEvent.recv(events, ZMQ.DONTWAIT)) {
            apply(event);
        }
        return up;
    }

    /** Waits up to {@code millis} for the connection to come up; true if it is. */
    boolean awaitUp(int millis) {
        if (isUp()) {
            return true;
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        for (long left = millis; left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
            events.setReceiveTimeOut((int) left);
            ZEvent event = ZEvent.recv(events);
            if (event == null) {
                break;
            }
            apply(event);
            if (isUp()) {
                return true;
            }
        }
        return up;
    }

    private void apply(ZEvent event) {
        up = event.getEvent() == ZMonitor.Event.HANDSHAKE_PROTOCOL;
    }

    @Override
    public void close() {
        watched.monitor(null, 0);
        events.close();
    }
}
