package ziggy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local attacker holding {@code count} TCP connections open, as an attacker would: each one closed by
 * the server is opened again at the next tick. Idle connections send nothing (and read and drop what the
 * server sends, so they fit any port); slowloris ones, for HTTP, send a request line, then one header
 * byte a tick, never the blank line that ends the headers.
 */
public final class ConnectionFlood implements AutoCloseable {
    private static final byte[] REQUEST_LINE = "GET /healthcheck HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);

    private final InetSocketAddress server;
    private final boolean slowloris;
    private final Duration tick;
    private final List<SocketChannel> connections = new ArrayList<>();
    private final AtomicLong reopened = new AtomicLong();
    private final Thread pacer;
    private volatile boolean running = true;

    private ConnectionFlood(int port, int count, boolean slowloris, Duration tick) throws IOException {
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.slowloris = slowloris;
        this.tick = tick;
        try {
            for (int i = 0; i < count; i++) {
                connections.add(open());
            }
        } catch (IOException e) {
            closeAll();
            throw e;
        }
        pacer = new Thread(this::pace, "connection-flood");
        pacer.setDaemon(true);
        pacer.start();
    }

    /** {@code count} connections that send nothing, checked and reopened every 500 ms. */
    public static ConnectionFlood idle(int port, int count) throws IOException {
        return new ConnectionFlood(port, count, false, Duration.ofMillis(500));
    }

    /** {@code count} connections that send a header byte every {@code pace}. */
    public static ConnectionFlood slowloris(int port, int count, Duration pace) throws IOException {
        return new ConnectionFlood(port, count, true, pace);
    }

    /** How many times the server closed one of these connections and it was opened again. */
    public long reopened() {
        return reopened.get();
    }

    private SocketChannel open() throws IOException {
        SocketChannel channel = SocketChannel.open(server);
        try {
            if (slowloris) {
                channel.write(ByteBuffer.wrap(REQUEST_LINE));
            }
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private void pace() {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        ByteBuffer headerByte = ByteBuffer.allocate(1);
        try {
            while (running) {
                for (int i = 0; i < connections.size() && running; i++) {
                    SocketChannel channel = connections.get(i);
                    try {
                        scratch.clear();
                        if (channel.read(scratch) < 0) {
                            throw new IOException("closed by the server");
                        }
                        if (slowloris) {
                            headerByte.clear().put((byte) 'a').flip();
                            channel.write(headerByte);
                        }
                    } catch (IOException closed) {
                        channel.close();
                        reopen(i);
                    }
                }
                Thread.sleep(tick.toMillis()); // the attacker's pace, not a wait for a condition
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A refused connect (the server is stopping) leaves the slot closed, to be tried again at the next tick. */
    private void reopen(int slot) {
        try {
            connections.set(slot, open());
            reopened.incrementAndGet();
        } catch (IOException refused) {
            // the closed channel stays in its slot: reading it fails again at the next tick
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            pacer.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeAll();
    }

    private void closeAll() {
        for (SocketChannel channel : connections) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket the server already reset
            }
        }
    }
}
