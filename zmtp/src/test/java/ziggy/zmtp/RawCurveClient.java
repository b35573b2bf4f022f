package ziggy.zmtp;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import ziggy.testing.RawZmtpPeer;

/**
 * A CurveZMQ client played step by step over a plain socket, with jnacl's boxes, for the handshake
 * fuzz: each step's bytes can be sent as they should be, or changed first. It also reads and opens
 * what the endpoint sends (WELCOME, READY, boxed PONGs), so the layout of those bytes is checked too.
 */
final class RawCurveClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final RawZmtpPeer socket;
    private final byte[] serverPublic;
    private final byte[] clientPublic;
    private final byte[] clientSecret;
    private final byte[] transientPublic = new byte[32];
    private final byte[] transientSecret = new byte[32];
    private byte[] serverTransient;
    private byte[] cookie;
    private final byte[] sessionKey = new byte[32];
    private long nonce = 1;
    private long serverNonce;

    private RawCurveClient(RawZmtpPeer socket, byte[] serverPublic, byte[] clientPublic, byte[] clientSecret) {
        this.socket = socket;
        this.serverPublic = serverPublic;
        this.clientPublic = clientPublic;
        this.clientSecret = clientSecret;
        curve25519xsalsa20poly1305.crypto_box_keypair(transientPublic, transientSecret);
    }

    /** Connected and greeted (mechanism CURVE, as client), the endpoint's greeting read. */
    static RawCurveClient greeted(int port, byte[] serverPublic, byte[] clientPublic, byte[] clientSecret) throws IOException {
        RawZmtpPeer socket = RawZmtpPeer.connect(port);
        byte[] greeting = RawZmtpPeer.greeting();
        Arrays.fill(greeting, 12, 32, (byte) 0);
        System.arraycopy("CURVE".getBytes(StandardCharsets.US_ASCII), 0, greeting, 12, 5);
        socket.send(greeting);
        byte[] theirs = socket.read(64);
        if (theirs.length < 64 || theirs[12] != 'C' || theirs[32] != 1) {
            socket.close();
            throw new IOException("the endpoint did not greet as a CURVE server: " + Arrays.toString(theirs));
        }
        return new RawCurveClient(socket, serverPublic, clientPublic, clientSecret);
    }

    /** Greeted, HELLO, WELCOME, INITIATE (Socket-Type PUSH) and READY done. */
    static RawCurveClient handshaken(int port, byte[] serverPublic, byte[] clientPublic, byte[] clientSecret) throws IOException {
        RawCurveClient client = greeted(port, serverPublic, clientPublic, clientSecret);
        client.socket.send(command(client.hello()));
        client.readWelcome();
        client.socket.send(command(client.initiate("PUSH")));
        client.readReady();
        return client;
    }

    /** HELLO's 200-byte body. */
    byte[] hello() {
        byte[] plain = new byte[32 + 64];
        byte[] box = new byte[plain.length];
        curve25519xsalsa20poly1305.crypto_box(box, plain, plain.length, nonce("CurveZMQHELLO---", nonce), serverPublic, transientSecret);
        ByteBuffer body = ByteBuffer.allocate(200);
        body.put((byte) 5).put(ascii("HELLO")).put((byte) 1).put((byte) 0).put(new byte[72]).put(transientPublic)
                .putLong(nonce++).put(box, 16, 80);
        return body.array();
    }

    /** Reads WELCOME and opens it: S' and the cookie. */
    void readWelcome() throws IOException {
        byte[] frame = socket.read(2 + 168);
        if (frame.length < 170 || frame[0] != 4 || (frame[1] & 0xFF) != 168
                || !new String(frame, 2, 8, StandardCharsets.US_ASCII).equals("\u0007WELCOME")) {
            throw new IOException("no WELCOME: " + Arrays.toString(frame));
        }
        byte[] box = new byte[16 + 144];
        System.arraycopy(frame, 26, box, 16, 144);
        byte[] plain = new byte[box.length];
        if (curve25519xsalsa20poly1305.crypto_box_open(plain, box, box.length,
                nonce("WELCOME-", Arrays.copyOfRange(frame, 10, 26)), serverPublic, transientSecret) != 0) {
            throw new IOException("WELCOME's box does not open");
        }
        serverTransient = Arrays.copyOfRange(plain, 32, 64);
        cookie = Arrays.copyOfRange(plain, 64, 160);
        curve25519xsalsa20poly1305.crypto_box_beforenm(sessionKey, serverTransient, transientSecret);
    }

    /** INITIATE's body, with a vouch for our permanent key and the metadata Socket-Type. */
    byte[] initiate(String socketType) {
        byte[] vouchNonce = new byte[16];
        RANDOM.nextBytes(vouchNonce);
        byte[] vouchPlain = new byte[32 + 64];
        System.arraycopy(transientPublic, 0, vouchPlain, 32, 32);
        System.arraycopy(serverPublic, 0, vouchPlain, 64, 32);
        byte[] vouch = new byte[vouchPlain.length];
        curve25519xsalsa20poly1305.crypto_box(vouch, vouchPlain, vouchPlain.length, nonce("VOUCH---", vouchNonce),
                serverTransient, clientSecret);
        byte[] type = ascii(socketType);
        ByteBuffer plain = ByteBuffer.allocate(32 + 32 + 16 + 80 + 1 + 11 + 4 + type.length);
        plain.position(32);
        plain.put(clientPublic).put(vouchNonce).put(vouch, 16, 80)
                .put((byte) 11).put(ascii("Socket-Type")).putInt(type.length).put(type);
        byte[] box = new byte[plain.capacity()];
        curve25519xsalsa20poly1305.crypto_box_afternm(box, plain.array(), box.length, nonce("CurveZMQINITIATE", nonce), sessionKey);
        ByteBuffer body = ByteBuffer.allocate(9 + 96 + 8 + box.length - 16);
        body.put((byte) 8).put(ascii("INITIATE")).put(cookie).putLong(nonce++).put(box, 16, box.length - 16);
        return body.array();
    }

    /** Reads READY and opens it: the endpoint's metadata, Socket-Type PULL. */
    void readReady() throws IOException {
        byte[] frame = socket.read(2 + 50);
        if (frame.length < 52 || frame[0] != 4 || frame[1] != 50
                || !new String(frame, 2, 6, StandardCharsets.US_ASCII).equals("\u0005READY")) {
            throw new IOException("no READY: " + Arrays.toString(frame));
        }
        long readyNonce = ByteBuffer.wrap(frame, 8, 8).getLong();
        byte[] metadata = open("CurveZMQREADY---", readyNonce, frame, 16, 36);
        byte[] expected = ByteBuffer.allocate(20).put((byte) 11).put(ascii("Socket-Type")).putInt(4).put(ascii("PULL")).array();
        if (!Arrays.equals(expected, metadata)) {
            throw new IOException("READY's metadata: " + Arrays.toString(metadata));
        }
        serverNonce = readyNonce;
    }

    /** A MESSAGE body with our next nonce; flags bit 0 MORE, bit 1 COMMAND. */
    byte[] message(int flags, byte[] payload) {
        return messageWithNonce(nonce++, flags, payload);
    }

    byte[] messageWithNonce(long shortNonce, int flags, byte[] payload) {
        byte[] plain = new byte[32 + 1 + payload.length];
        plain[32] = (byte) flags;
        System.arraycopy(payload, 0, plain, 33, payload.length);
        byte[] box = new byte[plain.length];
        curve25519xsalsa20poly1305.crypto_box_afternm(box, plain, plain.length, nonce("CurveZMQMESSAGEC", shortNonce), sessionKey);
        ByteBuffer body = ByteBuffer.allocate(16 + box.length - 16);
        body.put((byte) 7).put(ascii("MESSAGE")).putLong(shortNonce).put(box, 16, box.length - 16);
        return body.array();
    }

    /** Reads one boxed MESSAGE the endpoint sent and returns its flags byte and payload. */
    byte[] readMessage() throws IOException {
        byte[] header = socket.read(2);
        byte[] body = socket.read(header[1] & 0xFF);
        long messageNonce = ByteBuffer.wrap(body, 8, 8).getLong();
        if (messageNonce <= serverNonce) {
            throw new IOException("server nonce " + messageNonce + " after " + serverNonce);
        }
        serverNonce = messageNonce;
        return open("CurveZMQMESSAGES", messageNonce, body, 16, body.length - 16);
    }

    /** A message frame around {@code body} (short or long). */
    static byte[] frame(byte[] body) {
        return frame(0, body);
    }

    static byte[] command(byte[] body) {
        return frame(FrameDecoder.FLAG_COMMAND, body);
    }

    private static byte[] frame(int flags, byte[] body) {
        if (body.length < 256) {
            return ByteBuffer.allocate(2 + body.length).put((byte) flags).put((byte) body.length).put(body).array();
        }
        return ByteBuffer.allocate(9 + body.length).put((byte) (flags | FrameDecoder.FLAG_LONG)).putLong(body.length).put(body).array();
    }

    private byte[] open(String prefix, long shortNonce, byte[] source, int offset, int length) throws IOException {
        byte[] box = new byte[16 + length];
        System.arraycopy(source, offset, box, 16, length);
        byte[] plain = new byte[box.length];
        if (curve25519xsalsa20poly1305.crypto_box_open_afternm(plain, box, box.length, nonce(prefix, shortNonce), sessionKey) != 0) {
            throw new IOException(prefix + " box does not open");
        }
        return Arrays.copyOfRange(plain, 32, plain.length);
    }

    private static byte[] nonce(String prefix, long shortNonce) {
        return ByteBuffer.allocate(24).put(ascii(prefix)).putLong(shortNonce).array();
    }

    private static byte[] nonce(String prefix, byte[] rest) {
        return ByteBuffer.allocate(24).put(ascii(prefix)).put(rest).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
