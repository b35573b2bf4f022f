package ziggy.zmtp;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import com.neilalexander.jnacl.crypto.hsalsa20;
import com.neilalexander.jnacl.crypto.xsalsa20poly1305;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The server side of one CurveZMQ connection (RFC 26, over ZMTP 3 as libzmq speaks it): the
 * handshake's boxes and, after it, the opening of every MESSAGE. The handshake's cryptography is jnacl's
 * NaCl (curve25519, the boxes we seal), used in its classic padded form: a box is sealed from an array
 * whose first 32 bytes are zero, into one whose first 16 are. Used only from the I/O thread.
 *
 * <p>Boxes are opened by {@link #open(byte[], byte[], int, byte[], byte[])}, NaCl's secretbox_open put
 * together from Bouncy Castle's XSalsa20 and Poly1305: jnacl's run at about 40 MB/s, far below what one
 * collect thread must open, and jnacl's {@code crypto_secretbox_open} (1.0.0, and its source to date)
 * compares only 15 of the 16 bytes of the MAC, so a box whose last MAC byte was changed opens. Ours
 * compares all 16, in constant time.
 *
 * <p>Command bodies, as received or sent (offsets within the body; C, S permanent keys of client and
 * server, C', S' their transient keys, Box[x](A-&gt;B) a crypto_box from A's secret to B's public key):
 * <pre>
 *   HELLO     200 bytes  0x05 "HELLO", version 0x01 0x00, 72 zero bytes (so a HELLO is larger than the
 *                        WELCOME it earns), C' (32), short nonce (8), Box[64 zero bytes](C'-&gt;S) (80)
 *                        with nonce "CurveZMQHELLO---" + short nonce
 *   WELCOME   168 bytes  0x07 "WELCOME", long nonce (16), Box[S' + cookie](S-&gt;C') (144) with nonce
 *                        "WELCOME-" + long nonce; cookie = cookie nonce (16) + SecretBox[C' + s'](K) (80)
 *                        with nonce "COOKIE--" + cookie nonce, K a key of this connection's
 *   INITIATE  &gt;= 257     0x08 "INITIATE", cookie (96), short nonce (8), Box[C + vouch nonce (16) +
 *                        vouch (80) + metadata](C'-&gt;S') with nonce "CurveZMQINITIATE" + short nonce;
 *                        vouch = Box[C' + S](C-&gt;S') with nonce "VOUCH---" + vouch nonce
 *   READY     50 bytes   0x05 "READY", short nonce (8), Box[Socket-Type PULL](S'-&gt;C') (36) with nonce
 *                        "CurveZMQREADY---" + short nonce
 *   MESSAGE   &gt;= 33      0x07 "MESSAGE", short nonce (8), Box[flags (1) + payload](C'-&gt;S') with nonce
 *                        "CurveZMQMESSAGEC" from the client, "CurveZMQMESSAGES" from us; flags bit 0
 *                        MORE, bit 1 COMMAND (a PING, a PONG: ZMTP 3.1 commands travel boxed too)
 * </pre>
 * HELLO, WELCOME, INITIATE and READY are command frames; libzmq sends every MESSAGE in a plain
 * message frame (its flags in the box), and takes any frame after the handshake for a MESSAGE, as we do.
 * Short nonces are big-endian and each side's must rise strictly (libzmq's rule, from INITIATE's on):
 * a replayed or reordered MESSAGE is refused.
 *
 * <p>The cookie key and the transient secret stay in this object, not in the cookie alone as RFC 26
 * allows for a stateless server: a connection has its own state anyway.
 */
final class CurveServerSession {
    /** Bytes a MESSAGE adds to its payload: name (8), short nonce (8), MAC (16), flags (1). */
    static final int MESSAGE_OVERHEAD = 33;
    static final int INNER_MORE = 0x01;
    static final int INNER_COMMAND = 0x02;

    private static final int KEY = 32;
    private static final int ZERO = 32;
    private static final int BOX_ZERO = 16;
    private static final int MAC = 16;
    private static final int HELLO_BYTES = 200;
    private static final int WELCOME_BYTES = 168;
    private static final int INITIATE_MIN_BYTES = 257;
    private static final int MESSAGE_HEADER = 16;
    private static final byte[] MESSAGE_NAME = "\u0007MESSAGE".getBytes(StandardCharsets.US_ASCII);
    /** "\x07MESSAGE" read as one big-endian long, to check a MESSAGE's name in one comparison. */
    private static final long MESSAGE_NAME_WORD = ByteBuffer.wrap(MESSAGE_NAME).getLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Salsa20's constant, HSalsa20's fourth argument in NaCl. */
    private static final byte[] SIGMA = "expand 32-byte k".getBytes(StandardCharsets.US_ASCII);

    /**
     * Arrays to open boxes in, shared by the connections of one endpoint (one thread): a MESSAGE is
     * copied in, opened and its payload copied back, with no allocation for messages up to the receive
     * buffer's size. A larger one gets arrays of its own, dropped after it.
     */
    static final class Scratch {
        private final int keptBytes;
        private byte[] box;
        private byte[] plain;
        private final Opener opener = new Opener();

        Scratch(int receiveBufferBytes) {
            this.keptBytes = receiveBufferBytes + ZERO;
            this.box = new byte[keptBytes];
            this.plain = new byte[keptBytes];
        }
    }

    private final CurveServerKeys keys;
    private final Scratch scratch;
    private final HandshakeRate handshakes;
    private final byte[] clientTransient = new byte[KEY];
    private final byte[] serverTransientSecret = new byte[KEY];
    private final byte[] serverTransientPublic = new byte[KEY];
    private final byte[] cookieKey = new byte[KEY];
    /** crypto_box_beforenm(C', s'): the key of INITIATE, READY and every MESSAGE. */
    private final byte[] sessionKey = new byte[KEY];
    private final byte[] clientNonce = nonce("CurveZMQMESSAGEC");
    private final byte[] clientPermanent = new byte[KEY];
    private long peerNonce;
    private long ourNonce = 1;

    CurveServerSession(CurveServerKeys keys, Scratch scratch, HandshakeRate handshakes) {
        this.keys = keys;
        this.scratch = scratch;
        this.handshakes = handshakes;
    }

    /** Checks HELLO (whose name the caller has read) and returns the WELCOME frame to send. */
    byte[] onHello(ByteBuffer b, int offset, int length) throws PeerRefusal {
        if (length != HELLO_BYTES) {
            throw handshake("a HELLO of " + length + " bytes, not " + HELLO_BYTES);
        }
        if (b.get(offset + 6) != 1 || b.get(offset + 7) != 0) {
            throw handshake("CurveZMQ version " + b.get(offset + 6) + "." + b.get(offset + 7) + " in HELLO; 1.0 is served");
        }
        if (!handshakes.tryTake(System.nanoTime())) {
            throw new PeerRefusal(RefusalReason.CURVE_RATE, "a HELLO beyond the " + keys.handshakesPerSecond()
                    + " CURVE handshakes served a second");
        }
        b.get(offset + 80, clientTransient);
        long shortNonce = b.getLong(offset + 112);
        byte[] box = new byte[BOX_ZERO + 80];
        b.get(offset + 120, box, BOX_ZERO, 80);
        byte[] plain = new byte[box.length];
        byte[] helloKey = boxKey(clientTransient, keys.secretKey());
        if (!open(plain, box, box.length, nonce("CurveZMQHELLO---", shortNonce), helloKey)) {
            throw handshake("HELLO's box does not open with our key: the client has another server key than ours");
        }
        peerNonce = shortNonce;

        RANDOM.nextBytes(serverTransientSecret);
        X25519.scalarMultBase(serverTransientSecret, 0, serverTransientPublic, 0);
        RANDOM.nextBytes(cookieKey);
        byte[] cookieNonce = random(16);
        byte[] cookiePlain = new byte[ZERO + 2 * KEY];
        System.arraycopy(clientTransient, 0, cookiePlain, ZERO, KEY);
        System.arraycopy(serverTransientSecret, 0, cookiePlain, ZERO + KEY, KEY);
        byte[] cookieBox = new byte[cookiePlain.length];
        xsalsa20poly1305.crypto_secretbox(cookieBox, cookiePlain, cookiePlain.length, nonce("COOKIE--", cookieNonce), cookieKey);

        byte[] welcomePlain = new byte[ZERO + KEY + 16 + 80];
        System.arraycopy(serverTransientPublic, 0, welcomePlain, ZERO, KEY);
        System.arraycopy(cookieNonce, 0, welcomePlain, ZERO + KEY, 16);
        System.arraycopy(cookieBox, BOX_ZERO, welcomePlain, ZERO + KEY + 16, 80);
        byte[] welcomeNonce = random(16);
        byte[] welcomeBox = new byte[welcomePlain.length];
        curve25519xsalsa20poly1305.crypto_box_afternm(welcomeBox, welcomePlain, welcomePlain.length, nonce("WELCOME-", welcomeNonce),
                helloKey);
        Arrays.fill(cookiePlain, (byte) 0);

        ByteBuffer frame = ByteBuffer.allocate(2 + WELCOME_BYTES);
        frame.put((byte) FrameDecoder.FLAG_COMMAND).put((byte) WELCOME_BYTES);
        frame.put((byte) 7).put("WELCOME".getBytes(StandardCharsets.US_ASCII)).put(welcomeNonce);
        frame.put(welcomeBox, BOX_ZERO, welcomeBox.length - BOX_ZERO);
        return frame.array();
    }

    /**
     * Checks INITIATE (cookie, box, vouch, then the client's key against the authorized ones, then its
     * Socket-Type) and returns the READY frame to send.
     */
    byte[] onInitiate(ByteBuffer b, int offset, int length) throws PeerRefusal {
        if (length < INITIATE_MIN_BYTES) {
            throw handshake("an INITIATE of " + length + " bytes; at least " + INITIATE_MIN_BYTES);
        }
        byte[] cookieNonce = new byte[16];
        b.get(offset + 9, cookieNonce);
        byte[] cookieBox = new byte[BOX_ZERO + 80];
        b.get(offset + 25, cookieBox, BOX_ZERO, 80);
        byte[] cookiePlain = new byte[cookieBox.length];
        if (!open(cookiePlain, cookieBox, cookieBox.length, nonce("COOKIE--", cookieNonce), cookieKey)
                || !MessageDigest.isEqual(Arrays.copyOfRange(cookiePlain, ZERO, ZERO + KEY), clientTransient)
                || !MessageDigest.isEqual(Arrays.copyOfRange(cookiePlain, ZERO + KEY, ZERO + 2 * KEY), serverTransientSecret)) {
            throw handshake("INITIATE's cookie is not the one we sent");
        }
        Arrays.fill(cookiePlain, (byte) 0);

        System.arraycopy(boxKey(clientTransient, serverTransientSecret), 0, sessionKey, 0, KEY);
        long shortNonce = b.getLong(offset + 105);
        int boxed = length - 113;
        byte[] box = new byte[BOX_ZERO + boxed];
        b.get(offset + 113, box, BOX_ZERO, boxed);
        byte[] plain = new byte[box.length];
        if (!open(plain, box, box.length, nonce("CurveZMQINITIATE", shortNonce), sessionKey)) {
            throw handshake("INITIATE's box does not open");
        }
        System.arraycopy(plain, ZERO, clientPermanent, 0, KEY);

        byte[] vouchBox = new byte[BOX_ZERO + 80];
        System.arraycopy(plain, ZERO + 48, vouchBox, BOX_ZERO, 80);
        byte[] vouchPlain = new byte[vouchBox.length];
        if (!open(vouchPlain, vouchBox, vouchBox.length, nonce("VOUCH---", Arrays.copyOfRange(plain, ZERO + KEY, ZERO + KEY + 16)),
                boxKey(clientPermanent, serverTransientSecret))
                || !MessageDigest.isEqual(Arrays.copyOfRange(vouchPlain, ZERO, ZERO + KEY), clientTransient)
                || !MessageDigest.isEqual(Arrays.copyOfRange(vouchPlain, ZERO + KEY, ZERO + 2 * KEY), keys.publicKey())) {
            throw handshake("INITIATE's vouch does not prove the client's permanent key");
        }
        peerNonce = shortNonce;
        if (!keys.authorizes(clientPermanent)) {
            throw new PeerRefusal(RefusalReason.UNAUTHORIZED_KEY, "client key " + hex(clientPermanent)
                    + " is not among the " + keys.authorizedClientCount() + " authorized");
        }
        String socketType = Commands.socketTypeProperty(ByteBuffer.wrap(plain), ZERO + 128, plain.length, "INITIATE");
        if (!socketType.equals("PUSH")) {
            throw new PeerRefusal(RefusalReason.SOCKET_TYPE, "socket type " + socketType + "; only PUSH may send here");
        }

        byte[] metadata = Commands.pullMetadata();
        long nonce = ourNonce++;
        byte[] readyBox = seal("CurveZMQREADY---", nonce, metadata);
        ByteBuffer frame = ByteBuffer.allocate(2 + 6 + 8 + readyBox.length);
        frame.put((byte) FrameDecoder.FLAG_COMMAND).put((byte) (6 + 8 + readyBox.length));
        frame.put((byte) 5).put("READY".getBytes(StandardCharsets.US_ASCII)).putLong(nonce).put(readyBox);
        return frame.array();
    }

    /**
     * Opens the MESSAGE at {@code b[offset, offset + length)} in place: its payload ends up at
     * {@code offset + MESSAGE_OVERHEAD}, {@code length - MESSAGE_OVERHEAD} bytes, and its flags
     * ({@link #INNER_MORE}, {@link #INNER_COMMAND}) are returned. Refuses a malformed MESSAGE, a box
     * that does not open, a nonce not above the last.
     */
    int open(ByteBuffer b, int offset, int length) throws PeerRefusal {
        acceptNonce(b, offset, length);
        int boxLength = length - MESSAGE_HEADER + BOX_ZERO;
        byte[] box = scratch.box;
        byte[] plain = scratch.plain;
        if (boxLength > box.length) {
            box = new byte[boxLength];
            plain = new byte[boxLength];
        }
        b.get(offset + MESSAGE_HEADER, box, BOX_ZERO, length - MESSAGE_HEADER);
        b.get(offset + 8, clientNonce, 16, 8);
        if (!scratch.opener.open(plain, box, boxLength, clientNonce, sessionKey)) {
            throw new PeerRefusal(RefusalReason.CURVE_BOX, "a MESSAGE whose box does not open (nonce "
                    + Long.toUnsignedString(peerNonce) + ")");
        }
        b.put(offset + MESSAGE_OVERHEAD, plain, ZERO + 1, length - MESSAGE_OVERHEAD);
        return plain[ZERO] & 0xFF;
    }

    /**
     * The flags of a MESSAGE too large to take, from its first {@link #MESSAGE_OVERHEAD} bytes, without
     * opening its box (that needs all of it): its nonce is checked and taken, and its flags byte is
     * deciphered with the box's key stream, so the frames after it are known to belong to it or not.
     * Unauthenticated, which costs nothing: the message is dropped anyway, and whoever could forge the
     * flag could as well cut the connection.
     */
    int skippedFlags(ByteBuffer b, int offset, int length) throws PeerRefusal {
        acceptNonce(b, offset, length);
        b.get(offset + 8, clientNonce, 16, 8);
        return (b.get(offset + MESSAGE_HEADER + MAC) ^ scratch.opener.keyStreamByte(ZERO, clientNonce, sessionKey)) & 0xFF;
    }

    /** A message frame carrying {@code command} (a PONG) boxed in a MESSAGE with the COMMAND flag. */
    byte[] commandFrame(byte[] command) {
        byte[] inner = new byte[1 + command.length];
        inner[0] = INNER_COMMAND;
        System.arraycopy(command, 0, inner, 1, command.length);
        long nonce = ourNonce++;
        byte[] box = seal("CurveZMQMESSAGES", nonce, inner);
        int size = MESSAGE_HEADER + box.length;
        ByteBuffer frame = ByteBuffer.allocate(2 + size);
        frame.put((byte) 0).put((byte) size).put(MESSAGE_NAME).putLong(nonce).put(box);
        return frame.array();
    }

    /** The client's permanent public key, once INITIATE has proved it. */
    byte[] clientKey() {
        return clientPermanent.clone();
    }

    private void acceptNonce(ByteBuffer b, int offset, int length) throws PeerRefusal {
        if (length < MESSAGE_OVERHEAD || b.getLong(offset) != MESSAGE_NAME_WORD) {
            throw new PeerRefusal(RefusalReason.CURVE_BOX, "a frame of " + length + " bytes that is not a CURVE MESSAGE");
        }
        long nonce = b.getLong(offset + 8);
        if (Long.compareUnsigned(nonce, peerNonce) <= 0) {
            throw new PeerRefusal(RefusalReason.CURVE_NONCE, "a MESSAGE with nonce " + Long.toUnsignedString(nonce)
                    + " after " + Long.toUnsignedString(peerNonce) + ": replayed or reordered");
        }
        peerNonce = nonce;
    }

    /** Box[plain](S'-&gt;C') with our short nonce {@code nonce}; the 16-byte MAC and the ciphertext, without padding. */
    private byte[] seal(String prefix, long nonce, byte[] plain) {
        byte[] padded = new byte[ZERO + plain.length];
        System.arraycopy(plain, 0, padded, ZERO, plain.length);
        byte[] box = new byte[padded.length];
        curve25519xsalsa20poly1305.crypto_box_afternm(box, padded, padded.length, nonce(prefix, nonce), sessionKey);
        return Arrays.copyOfRange(box, BOX_ZERO, box.length);
    }

    /**
     * NaCl's crypto_secretbox_open (crypto_box_open_afternm when {@code key} is a box's precomputed key):
     * {@code box[0, 16)} ignored (zero by convention), the MAC at {@code box[16, 32)}, the ciphertext
     * after; on success the plaintext is at {@code plain[32, length)}. All 16 MAC bytes are compared.
     */
    static boolean open(byte[] plain, byte[] box, int length, byte[] nonce, byte[] key) {
        return new Opener().open(plain, box, length, nonce, key);
    }

    /**
     * XSalsa20 and Poly1305, kept from box to box: the first 32 bytes of the key stream are the MAC's
     * one-time key, the ciphertext is XORed with the stream after them (NaCl's secretbox).
     */
    static final class Opener {
        private static final byte[] ZEROS = new byte[ZERO];
        private final XSalsa20Engine cipher = new XSalsa20Engine();
        private final Poly1305 mac = new Poly1305();
        private final byte[] macKey = new byte[ZERO];
        private final byte[] computed = new byte[MAC];

        boolean open(byte[] plain, byte[] box, int length, byte[] nonce, byte[] key) {
            if (length < ZERO) {
                return false;
            }
            cipher.init(false, new ParametersWithIV(new KeyParameter(key), nonce));
            cipher.processBytes(ZEROS, 0, ZERO, macKey, 0);
            mac.init(new KeyParameter(macKey));
            mac.update(box, ZERO, length - ZERO);
            mac.doFinal(computed, 0);
            int different = 0;
            for (int i = 0; i < MAC; i++) {
                different |= computed[i] ^ box[BOX_ZERO + i];
            }
            if (different != 0) {
                return false;
            }
            cipher.processBytes(box, ZERO, length - ZERO, plain, ZERO);
            return true;
        }

        /** Byte {@code index} of the key stream of {@code nonce} and {@code key}. */
        byte keyStreamByte(int index, byte[] nonce, byte[] key) {
            byte[] stream = new byte[index + 1];
            cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
            cipher.processBytes(new byte[index + 1], 0, index + 1, stream, 0);
            return stream[index];
        }
    }

    /**
     * crypto_box_beforenm: the key a box between {@code publicKey}'s owner and {@code secretKey}'s is
     * sealed and opened with, HSalsa20 of their curve25519 shared secret. The scalar multiplication is
     * Bouncy Castle's X25519, about twenty times faster than jnacl's (about 1 ms), which matters because
     * a peer can make us do one with every HELLO it sends; a shared secret of zeros (the peer sent a
     * point of small order) is refused, as libsodium refuses it.
     */
    private static byte[] boxKey(byte[] publicKey, byte[] secretKey) throws PeerRefusal {
        byte[] shared = new byte[KEY];
        if (!X25519.calculateAgreement(secretKey, 0, publicKey, 0, shared, 0)) {
            throw handshake("a public key of small order, whose shared secret is zero");
        }
        byte[] key = new byte[KEY];
        hsalsa20.crypto_core(key, new byte[16], shared, SIGMA);
        Arrays.fill(shared, (byte) 0);
        return key;
    }

    private static PeerRefusal handshake(String detail) {
        return new PeerRefusal(RefusalReason.CURVE_HANDSHAKE, detail);
    }

    private static byte[] nonce(String prefix) {
        byte[] nonce = new byte[24];
        byte[] ascii = prefix.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, nonce, 0, ascii.length);
        return nonce;
    }

    private static byte[] nonce(String prefix, long shortNonce) {
        byte[] nonce = nonce(prefix);
        ByteBuffer.wrap(nonce).putLong(16, shortNonce);
        return nonce;
    }

    private static byte[] nonce(String prefix, byte[] rest) {
        byte[] nonce = nonce(prefix);
        System.arraycopy(rest, 0, nonce, 24 - rest.length, rest.length);
        return nonce;
    }

    private static byte[] random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return random;
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
