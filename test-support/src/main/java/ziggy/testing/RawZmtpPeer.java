package ziggy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A ZeroMQ peer played with a plain blocking socket, for attacks no ZeroMQ library would make: it
 * greets as ZMTP 3.1 with the NULL mechanism (RFC 23, RFC 37) and a READY of a given socket type, reads
 * the other side's greeting and READY, then sends whatever a test gives it: frames, a frame header that
 * announces more than follows, or nothing at all.
 */
public final class RawZmtpPeer implements AutoCloseable {
    private static final int GREETING_BYTES = 64;
    private static final int FLAG_MORE = 0x01;
    private static final int FLAG_LONG = 0x02;
    private static final int FLAG_COMMAND = 0x04;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawZmtpPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connected to 127.0.0.1:{@code port}, nothing sent. */
    public static RawZmtpPeer connect(int port) throws IOException {
        return connectFrom(null, port);
    }

    /**
     * Connected to 127.0.0.1:{@code port} from the local address {@code from} (e.g. 127.0.0.2: on Linux every
     * address of 127/8 is the loopback's, so one machine plays peers of several addresses); null: any.
     */
    private static RawZmtpPeer connectFrom(String from, int port) throws IOException {
        Socket socket = new Socket();
        try {
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            return new RawZmtpPeer(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Connected, greeted and READY as {@code socketType} (PUSH, REQ, SUB), the other side's greeting and READY read. */
    public static RawZmtpPeer handshaken(int port, String socketType) throws IOException {
        return handshakenFrom(null, port, socketType);
    }

    /** As {@link #handshaken}, from the local address {@code from}. */
    public static RawZmtpPeer handshakenFrom(String from, int port, String socketType) throws IOException {
        RawZmtpPeer peer = connectFrom(from, port);
        try {
            peer.send(greeting());
            peer.send(ready(socketType));
            peer.readGreetingAndCommand();
            return peer;
        } catch (IOException e) {
            peer.close();
            throw e;
        }
    }

    /**
     * The first connection {@code listener} accepts that completes its greeting and READY, as
     * {@code socketType}: a ZeroMQ server played by hand, for the side of a client that reads what a
     * server sends. A connection whose greeting stalls (JeroMQ's connecting side now and then does, then
     * dials again) is closed and the next one taken, for up to 20 s.
     */
    public static RawZmtpPeer accept(java.net.ServerSocket listener, String socketType) throws IOException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            listener.setSoTimeout(10_000);
            RawZmtpPeer peer = new RawZmtpPeer(listener.accept());
            try {
                peer.socket.setSoTimeout(2_000);
                peer.send(greeting());
                peer.send(ready(socketType));
                peer.readGreetingAndCommand();
                peer.socket.setSoTimeout(5_000);
                return peer;
            } catch (SocketTimeoutException stalled) {
                peer.close();
                if (System.nanoTime() > deadline) {
                    throw stalled;
                }
            } catch (IOException e) {
                peer.close();
                throw e;
            }
        }
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next {@code count} bytes the other side sends (fewer when it closes first). */
    public byte[] read(int count) throws IOException {
        return in.readNBytes(count);
    }

    /** One message of these frames, each a ZMTP frame (short or long), all but the last flagged MORE. */
    public void sendMessage(byte[]... frames) throws IOException {
        for (int i = 0; i < frames.length; i++) {
            int more = i < frames.length - 1 ? FLAG_MORE : 0;
            byte[] body = frames[i];
            ByteBuffer header = body.length < 256
                    ? ByteBuffer.allocate(2).put((byte) more).put((byte) body.length)
                    : ByteBuffer.allocate(9).put((byte) (more | FLAG_LONG)).putLong(body.length);
            out.write(header.array());
            out.write(body);
        }
        out.flush();
    }

    /** A long frame header announcing {@code size} body bytes (any, up to 2^63 - 1), then {@code sent} zero bytes of it. */
    public void announce(long size, int sent) throws IOException {
        send(ByteBuffer.allocate(9 + sent).put((byte) FLAG_LONG).putLong(size).array());
    }

    /** True once the other side has closed this connection within {@code millis}; false while it stays open and silent. */
    public boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void readGreetingAndCommand() throws IOException {
        if (in.readNBytes(GREETING_BYTES).length < GREETING_BYTES) {
            throw new IOException("the other side closed before its greeting");
        }
        int flags = in.read();
        long size = (flags & FLAG_LONG) != 0 ? ByteBuffer.wrap(in.readNBytes(8)).getLong() : in.read();
        if (flags < 0 || (flags & FLAG_COMMAND) == 0 || size < 0 || in.readNBytes((int) size).length < size) {
            throw new IOException("the other side did not send its READY");
        }
    }

    /** The 64-byte ZMTP 3.1 greeting with the NULL mechanism that this peer sends. */
    public static byte[] greeting() {
        byte[] greeting = new byte[GREETING_BYTES];
        greeting[0] = (byte) 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        greeting[11] = 1;
        System.arraycopy("NULL".getBytes(StandardCharsets.US_ASCII), 0, greeting, 12, 4);
        return greeting;
    }

    private static byte[] ready(String socketType) {
        byte[] name = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
        byte[] value = socketType.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(1 + 5 + 1 + name.length + 4 + value.length);
        body.put((byte) 5).put("READY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) name.length).put(name).putInt(value.length).put(value);
        return ByteBuffer.allocate(2 + body.capacity()).put((byte) FLAG_COMMAND).put((byte) body.capacity())
                .put(body.array()).array();
    }
}
