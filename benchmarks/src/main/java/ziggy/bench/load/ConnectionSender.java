package ziggy.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends one connection's share of the events, on its own thread: fills a buffer with as many framed
 * events as fit (or, at a fixed rate, a millisecond's worth), stamps them with the time, and writes
 * the buffer in one call. Blocking writes give back-pressure: when the receiver is slower, the
 * sender waits in {@code write} and the receiver sets the pace.
 */
final class ConnectionSender implements Runnable {
    private static final int BUFFER_BYTES = 256 * 1024;

    private final ZmtpPushConnection connection;
    private final EventTemplates templates;
    private final long runTag;
    private final int connectionIndex;
    private final long count;
    /** Events per second for this connection; 0 for as fast as the receiver takes them. */
    private final double rate;
    private final ByteBuffer buffer;
    private volatile long sent;
    private volatile IOException failure;

    ConnectionSender(ZmtpPushConnection connection, EventTemplates templates, long runTag, int connectionIndex,
                     long count, double rate) {
        this.connection = connection;
        this.templates = templates;
        this.runTag = runTag;
        this.connectionIndex = connectionIndex;
        this.count = count;
        this.rate = rate;
        int frameBytes = ZmtpPushConnection.frameHeaderBytes(templates.size()) + templates.size();
        this.buffer = EventTemplates.littleEndian(ByteBuffer.allocateDirect(Math.max(BUFFER_BYTES, frameBytes)));
    }

    @Override
    public void run() {
        int size = templates.size();
        int frameBytes = ZmtpPushConnection.frameHeaderBytes(size) + size;
        int perBuffer = buffer.capacity() / frameBytes;
        int perBatch = rate > 0 ? (int) Math.max(1, Math.min(perBuffer, rate / 1000)) : perBuffer;
        long startNanos = System.nanoTime();
        long number = 0;
        try {
            while (number < count) {
                if (rate > 0) {
                    long due = startNanos + (long) (number * 1e9 / rate);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                double now = System.currentTimeMillis() / 1000.0;
                buffer.clear();
                int batch = (int) Math.min(perBatch, count - number);
                for (int i = 0; i < batch; i++) {
                    ZmtpPushConnection.putFrameHeader(buffer, size);
                    templates.put(buffer, runTag, connectionIndex, number++, now);
                }
                buffer.flip();
                connection.write(buffer);
                sent = number;
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Events written to the socket so far. */
    long sent() {
        return sent;
    }

    /** Why the connection stopped early; null if it has not. */
    IOException failure() {
        return failure;
    }
}
