package ziggy.view.live;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hostile ZMTP 3.0 peer on 127.0.0.1: it greets as a real one of {@code socketType} (NULL
 * mechanism, READY), then announces a frame of 1 GiB and sends a few bytes of it. A JeroMQ socket
 * without a message size limit allocates the announced size and waits for the rest; one with a
 * limit drops the connection at once, which this peer sees as the end of its input.
 */
final class GiantFrameAnnouncer implements AutoCloseable {
    private static final long ANNOUNCED = 1L << 30;

    private final ServerSocket server;
    private final Thread thread;
    private final CountDownLatch dropped = new CountDownLatch(1);
    private final CountDownLatch announced = new CountDownLatch(1);

    private volatile IOException failure;

    GiantFrameAnnouncer(String socketType) {
        try {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(() -> serve(socketType), "giant-frame-announcer");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Whether the first connection's peer closed it within {@code limit} after the announcement.
     *
     * @throws AssertionError when the exchange went wrong before that
     */
    boolean droppedWithin(Duration limit) throws InterruptedException {
        boolean ended = announced.await(limit.toMillis(), TimeUnit.MILLISECONDS) && dropped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (failure != null) {
            throw new AssertionError("the hostile peer's exchange failed", failure);
        }
        return ended;
    }

    /**
     * Serves connections until one has heard the announcement: JeroMQ now and then abandons a connection
     * stuck in its greeting and dials again (its handshake limit), and that one is not the exchange tested.
     */
    private void serve(String socketType) {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Socket connection = server.accept()) {
                connection.setSoTimeout(10_000);
                OutputStream out = connection.getOutputStream();
                DataInputStream in = new DataInputStream(connection.getInputStream());
                out.write(greeting());
                out.flush();
                try {
                    in.readFully(new byte[64]); // the peer's greeting
                    out.write(ready(socketType));
                    out.flush();
                    skipFrame(in); // its READY
                } catch (IOException abandonedInGreeting) {
                    last = abandonedInGreeting;
                    continue;
                }
                out.write(ByteBuffer.allocate(9).put((byte) 0x02).putLong(ANNOUNCED).array()); // a long frame, no more to follow
                out.write(new byte[16]);
                out.flush();
                announced.countDown();
                if (endsWithin(in)) {
                    dropped.countDown();
                }
                return;
            } catch (IOException e) {
                failure = e;
                return;
            }
        }
        failure = last;
    }

    /** True when the peer closes or resets the connection; false when it is still open after the read timeout. */
    private static boolean endsWithin(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // the peer has nothing to say now; only the end matters
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static byte[] greeting() {
        ByteBuffer greeting = ByteBuffer.allocate(64);
        greeting.put((byte) 0xFF).put(new byte[8]).put((byte) 0x7F).put((byte) 3).put((byte) 0);
        greeting.put("NULL".getBytes(StandardCharsets.US_ASCII)).put(new byte[16]);
        return greeting.array(); // as-server 0 and the filler stay zero
    }

    private static byte[] ready(String socketType) {
        byte[] name = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
        byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(6 + 1 + name.length + 4 + value.length);
        body.put((byte) 5).put("READY".getBytes(StandardCharsets.US_ASCII));
        body.put((byte) name.length).put(name).putInt(value.length).put(value);
        return ByteBuffer.allocate(2 + body.capacity()).put((byte) 0x04).put((byte) body.capacity()).put(body.array()).array();
    }

    private static void skipFrame(DataInputStream in) throws IOException {
        int flags = in.readUnsignedByte();
        long size = (flags & 0x02) != 0 ? in.readLong() : in.readUnsignedByte();
        in.readFully(new byte[(int) size]);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
