package ziggy.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The sending side of a ZeroMQ PUSH socket, one connection, written straight on a blocking socket:
 * the ZMTP 3.0 greeting with the NULL mechanism, READY with {@code Socket-Type: PUSH}, then frames
 * that the caller lays end to end in its own buffer (see {@link #putFrameHeader}). A load generator
 * that batches thousands of frames into one write costs the sender far less than a ZeroMQ library
 * would, so the receiver, not the sender, sets the pace. What goes on the wire is what any PUSH
 * peer sends (RFC 23), so the receiver cannot tell the difference.
 */
public final class ZmtpPushConnection implements AutoCloseable {
    private static final int GREETING_BYTES = 64;
    private static final int FLAG_LONG = 0x02;
    private static final int FLAG_COMMAND = 0x04;

    private final SocketChannel channel;

    private ZmtpPushConnection(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects and completes the handshake; fails if the peer closes or refuses us. */
    public static ZmtpPushConnection open(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            writeFully(channel, ByteBuffer.wrap(greeting()));
            writeFully(channel, ByteBuffer.wrap(ready()));
            readFully(channel, ByteBuffer.allocate(GREETING_BYTES));
            ByteBuffer header = ByteBuffer.allocate(2);
            readFully(channel, header);
            if ((header.get(0) & FLAG_COMMAND) == 0 || (header.get(0) & FLAG_LONG) != 0) {
                throw new IOException("the peer did not answer with a READY command");
            }
            readFully(channel, ByteBuffer.allocate(header.get(1) & 0xFF));
            return new ZmtpPushConnection(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Bytes a frame header takes for a body of {@code length}. */
    public static int frameHeaderBytes(int length) {
        return length < 256 ? 2 : 9;
    }

    /** The header of a last (or only) frame of {@code length} bytes, at {@code target}'s position. */
    public static void putFrameHeader(ByteBuffer target, int length) {
        if (length < 256) {
            target.put((byte) 0).put((byte) length);
        } else {
            // ZMTP sizes are big-endian, whatever order the caller's buffer uses for BSON.
            target.put((byte) FLAG_LONG);
            for (int shift = 56; shift >= 0; shift -= 8) {
                target.put((byte) ((long) length >>> shift));
            }
        }
    }

    /** Writes all of {@code frames} (from position to limit), blocking while the peer is slower. */
    public void write(ByteBuffer frames) throws IOException {
        writeFully(channel, frames);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static byte[] greeting() {
        byte[] greeting = new byte[GREETING_BYTES];
        greeting[0] = (byte) 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        greeting[11] = 0;
        byte[] mechanism = "NULL".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mechanism, 0, greeting, 12, mechanism.length);
        return greeting;
    }

    private static byte[] ready() {
        byte[] name = "READY".getBytes(StandardCharsets.US_ASCII);
        byte[] key = "Socket-Type".getBytes(StandardCharsets.US_ASCII);
        byte[] value = "PUSH".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(1 + name.length + 1 + key.length + 4 + value.length);
        body.put((byte) name.length).put(name).put((byte) key.length).put(key).putInt(value.length).put(value);
        ByteBuffer frame = ByteBuffer.allocate(2 + body.capacity());
        frame.put((byte) FLAG_COMMAND).put((byte) body.capacity()).put(body.array());
        return frame.array();
    }

    private static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static void readFully(SocketChannel channel, ByteBuffer target) throws IOException {
        while (target.hasRemaining()) {
            if (channel.read(target) < 0) {
                throw new EOFException("the peer closed the connection during the handshake");
            }
        }
    }
}
