package ziggy.daemon.collect;

import java.nio.ByteBuffer;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import zmq.Msg;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.zmtp.MessageHandler;

/**
 * A collect endpoint on a JeroMQ PULL socket, driving a {@link MessageHandler} as the ZMTP endpoint
 * does: each message by position in a buffer, and a loop turn at least every {@value #TICK_MILLIS} ms.
 * JeroMQ's message buffer is handed on without a copy; the frames of a multi-frame message are
 * gathered into one reused buffer.
 */
public final class JeromqPullLoop {
    static final int TICK_MILLIS = 100;

    private final ZMQ.Socket socket;
    private final int port;
    private final int maxMessageBytes;
    private final MessageHandler handler;
    private final int[] offsets = new int[64];
    private final int[] lengths = new int[64];
    private ByteBuffer frames = ByteBuffer.allocate(64 * 1024);
    private volatile boolean stopping;

    /**
     * Binds at once.
     *
     * @throws org.zeromq.ZMQException when the endpoint cannot be bound (a port in use)
     */
    public JeromqPullLoop(ZContext context, Endpoint endpoint, int maxMessageBytes, MessageHandler handler) {
        this.maxMessageBytes = maxMessageBytes;
        this.handler = handler;
        this.socket = context.createSocket(SocketType.PULL);
        socket.setReceiveTimeOut(TICK_MILLIS);
        socket.setRcvHWM(100_000);
        socket.setLinger(0);
        try {
            socket.bind(endpoint.zmqAddress());
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        String bound = socket.getLastEndpoint();
        this.port = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
    }

    public int port() {
        return port;
    }

    /** Runs until {@link #stop()}, then takes what is already queued, and closes the socket. */
    public void run() {
        try {
            while (!stopping) {
                receive(0);
                handler.onLoopTurn(System.nanoTime());
            }
            while (receive(ZMQ.DONTWAIT)) {
                handler.onLoopTurn(System.nanoTime());
            }
        } finally {
            socket.close();
        }
    }

    public void stop() {
        stopping = true;
    }

    /** One message, if one comes within the tick; returns whether one came. */
    private boolean receive(int flags) {
        Msg first = socket.base().recv(flags);
        if (first == null) {
            return false;
        }
        if (!first.hasMore()) {
            if (first.size() > maxMessageBytes) {
                handler.onOversizedMessage(first.size());
            } else {
                ByteBuffer bytes = first.buf();
                handler.onMessage(bytes, bytes.position(), first.size());
            }
            return true;
        }
        int count = 0;
        long total = 0;
        frames.clear();
        Msg frame = first;
        while (true) {
            total += frame.size();
            if (total <= maxMessageBytes && count < offsets.length) {
                ensureRoom(frame.size());
                offsets[count] = frames.position();
                lengths[count] = frame.size();
                frames.put(frame.buf());
            }
            count++;
            if (!frame.hasMore()) {
                break;
            }
            frame = socket.base().recv(0);
            while (frame == null) {
                // The rest of a message arrives with its first frame; a timeout here is only the tick.
                frame = socket.base().recv(0);
            }
        }
        if (total > maxMessageBytes) {
            handler.onOversizedMessage(total);
        } else if (count > offsets.length) {
            handler.onMultipartMessage(frames, offsets, lengths, offsets.length);
        } else {
            handler.onMultipartMessage(frames, offsets, lengths, count);
        }
        return true;
    }

    private void ensureRoom(int length) {
        if (frames.remaining() < length) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(frames.capacity() * 2, frames.position() + length));
            frames.flip();
            grown.put(frames);
            frames = grown;
        }
    }
}
