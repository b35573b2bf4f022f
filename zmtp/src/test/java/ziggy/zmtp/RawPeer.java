package ziggy.zmtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A peer the tests play with a plain blocking socket: it greets as a ZMTP 3.1 PUSH, reads the
 * endpoint's greeting and READY, then sends whatever bytes a test gives it, a frame header that
 * announces more than follows, or nothing at all. For attacks no ZeroMQ library would make.
 */
final class RawPeer implements AutoCloseable {
    static final byte[] GREETING = greeting();

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connected, not greeted. */
    static RawPeer connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        return new RawPeer(socket);
    }

    /** Connected, greeted and READY as a PUSH, with the endpoint's greeting and READY read. */
    static RawPeer handshaken(int port) throws IOException {
        RawPeer peer = connect(port);
        peer.send(GREETING);
        peer.send(WireBytes.ready("PUSH"));
        peer.readExactly(Greeting.LENGTH);
        peer.readExactly(WireBytes.ready("PULL").length);
        return peer;
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A long frame header announcing {@code size} body bytes, and the first {@code sent} of them. */
    void announce(long size, int sent) throws IOException {
        send(ByteBuffer.allocate(9 + sent).put((byte) FrameDecoder.FLAG_LONG).putLong(size).array());
    }

    void sendMessage(byte[] body) throws IOException {
        send(WireBytes.message(List.of(body)));
    }

    byte[] readExactly(int count) throws IOException {
        return in.readNBytes(count);
    }

    /**
     * True once the endpoint has closed this connection: a read ends (EOF or reset) within
     * {@code millis}; false when the connection is still open and silent then.
     */
    boolean closedByEndpointWithin(int millis) throws IOException {
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

    private static byte[] greeting() {
        byte[] greeting = new byte[Greeting.LENGTH];
        greeting[0] = (byte) 0xFF;
        greeting[9] = 0x7F;
        greeting[10] = 3;
        greeting[11] = 1;
        System.arraycopy("NULL".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, greeting, 12, 4);
        return greeting;
    }
}
