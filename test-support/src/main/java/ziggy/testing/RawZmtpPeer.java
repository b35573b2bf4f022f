package ziggy.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A ZMTP 3 peer written byte by byte (RFC 23), for attacks no ZeroMQ library would make: it completes
 * the NULL handshake as any socket type, then sends whatever bytes the test wants, such as a frame
 * header announcing a gigabyte that never comes. What it sends:
 * <pre>
 * greeting   FF 00 00 00 00 00 00 00 00 7F   signature (10 bytes)
 *            03 01                           version 3.1
 *            "NULL" and 16 zero bytes        mechanism (20 bytes)
 *            00                              as-server
 *            31 zero bytes                   filler
 * READY      04 size 05 "READY" 0B "Socket-Type" (4-byte big-endian length) type
 * long frame 02 (8-byte big-endian size)     the header of a last frame of that size
 * </pre>
 */
public final class RawZmtpPeer implements AutoCloseable {
    private static final int GREETING_BYTES = 64;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 5_000;
    private static final int SHORT_COMMAND = 0x04;
    private static final int LONG_COMMAND = 0x06;
    private static final int LONG_LAST_FRAME = 0x02;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawZmtpPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** A TCP connection to 127.0.0.1:{@code port}, before any ZMTP byte. */
    public static RawZmtpPeer connect(int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
            return new RawZmtpPeer(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** The next connection made to {@code server}, for playing the server side to a client under test. */
    public static RawZmtpPeer accept(ServerSocket server) {
        try {
            return new RawZmtpPeer(server.accept());
        } catch (IOException e) {
            throw new UncheckedIOException("no connection to accept on port " + server.getLocalPort(), e);
        }
    }

    /**
     * Sends the greeting and a READY naming {@code socketType} (REQ, SUB, PUSH, REP…), and reads the
     * other side's greeting and READY: on return, the other side takes this peer as a ZMTP peer.
     */
    public RawZmtpPeer handshakeAs(String socketType) {
        ByteBuffer greeting = ByteBuffer.allocate(GREETING_BYTES);
        greeting.put((byte) 0xFF).put(new byte[8]).put((byte) 0x7F).put((byte) 3).put((byte) 1);
        greeting.put("NULL".getBytes(StandardCharsets.US_ASCII));
        send(greeting.array());
        byte[] type = socketType.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer ready = ByteBuffer.allocate(1 + 5 + 1 + 11 + 4 + type.length);
        ready.put((byte) 5).put("READY".getBytes(StandardCharsets.US_ASCII));
        ready.put((byte) 11).put("Socket-Type".getBytes(StandardCharsets.US_ASCII)).putInt(type.length).put(type);
        send(new byte[] {SHORT_COMMAND, (byte) ready.capacity()});
        send(ready.array());
        try {
            in.readFully(new byte[GREETING_BYTES]);
            int flags = in.readUnsignedByte();
            long size = flags == LONG_COMMAND ? in.readLong() : flags == SHORT_COMMAND ? in.readUnsignedByte() : -1;
            if (size < 0 || size > 4096) {
                throw new IllegalStateException("the other side sent no READY command (flags " + flags + ")");
            }
            in.readFully(new byte[(int) size]);
        } catch (IOException e) {
            throw new UncheckedIOException("the other side did not finish the ZMTP handshake", e);
        }
        return this;
    }

    /** Sends {@code bytes} as they are. */
    public RawZmtpPeer send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + bytes.length + " bytes", e);
        }
        return this;
    }

    /** Sends the header of a last frame of {@code size} bytes (the long form), and none of its bytes. */
    public RawZmtpPeer announceFrame(long size) {
        return send(ByteBuffer.allocate(9).put((byte) LONG_LAST_FRAME).putLong(size).array());
    }

    /**
     * Whether the other side closes the connection within {@code timeout}, reading and discarding
     * whatever it sends meanwhile: a refused frame shows as a closed connection.
     */
    public boolean closedByOtherSide(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] discard = new byte[4096];
        try {
            InputStream stream = socket.getInputStream();
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    if (stream.read(discard) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) { // a reset is a close too
            return true;
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a test's connection: nothing left to do with it.
        }
    }
}
