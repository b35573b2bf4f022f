package ziggy.zmtp;

import org.bouncycastle.math.ec.rfc7748.X25519;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The endpoint's CurveZMQ identity (RFC 26): its permanent key pair, and optionally the client
 * permanent public keys it accepts. Keys are the raw 32 bytes; Z85 text (ZeroMQ certificates,
 * {@code zmq.curve_keypair()}) is decoded by the caller, with JeroMQ's {@code ZMQ.Curve.z85Decode}
 * for instance, so that this module needs no ZeroMQ library.
 *
 * <p>Without an authorized set any client that completes the handshake is served: the traffic is
 * encrypted and the client knows it talks to this server, but the server does not know who the client
 * is. With a set, only clients proving one of its keys (INITIATE's vouch) are.
 */
public final class CurveServerKeys {
    /** Bytes of a Curve25519 key, public or secret. */
    public static final int KEY_BYTES = 32;
    /**
     * New CURVE handshakes an endpoint serves a second (and at once, after a quiet second). A handshake
     * costs its one thread three X25519 operations, a few hundred microseconds: this many take at most
     * about a quarter of it, and a thousand clients reconnecting after a master's restart all get in
     * within a second or two of ZeroMQ's reconnect.
     */
    public static final int DEFAULT_HANDSHAKES_PER_SECOND = 1_000;

    private final byte[] publicKey;
    private final byte[] secretKey;
    /** Null: any client key. */
    private final Set<ByteBuffer> authorized;
    private final int handshakesPerSecond;

    private CurveServerKeys(byte[] publicKey, byte[] secretKey, Set<ByteBuffer> authorized, int handshakesPerSecond) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
        this.authorized = authorized;
        this.handshakesPerSecond = handshakesPerSecond;
    }

    /**
     * The server's key pair; any client key is accepted. Fails when a key is not 32 bytes or when the
     * public key is not the secret key's: each handshake would fail on the client side, and the
     * log would only say that the clients' boxes do not open.
     */
    public static CurveServerKeys of(byte[] publicKey, byte[] secretKey) {
        checkLength(publicKey, "the server's public key");
        checkLength(secretKey, "the server's secret key");
        byte[] derived = new byte[KEY_BYTES];
        X25519.scalarMultBase(secretKey, 0, derived, 0);
        if (!MessageDigest.isEqual(derived, publicKey)) {
            throw new IllegalArgumentException("the server's public key is not the one of its secret key");
        }
        return new CurveServerKeys(publicKey.clone(), secretKey.clone(), null, DEFAULT_HANDSHAKES_PER_SECOND);
    }

    /** The same keys, accepting only clients whose permanent public key is in {@code clientPublicKeys}. */
    public CurveServerKeys authorizing(Collection<byte[]> clientPublicKeys) {
        Set<ByteBuffer> keys = new HashSet<>();
        for (byte[] key : clientPublicKeys) {
            checkLength(key, "an authorized client's public key");
            keys.add(ByteBuffer.wrap(key.clone()));
        }
        return new CurveServerKeys(publicKey, secretKey, Set.copyOf(keys), handshakesPerSecond);
    }

    /** The same keys, accepting any client. */
    public CurveServerKeys authorizingAnyClient() {
        return new CurveServerKeys(publicKey, secretKey, null, handshakesPerSecond);
    }

    /**
     * The same keys, serving at most {@code perSecond} new handshakes a second: a HELLO beyond them is
     * refused before any cryptography ({@link RefusalReason#CURVE_RATE}), and its client dials again.
     */
    public CurveServerKeys servingHandshakesPerSecond(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("CURVE handshakes a second must be at least 1, not " + perSecond);
        }
        return new CurveServerKeys(publicKey, secretKey, authorized, perSecond);
    }

    /** New handshakes served a second at most. */
    public int handshakesPerSecond() {
        return handshakesPerSecond;
    }

    /** A copy of the server's permanent public key, which clients name as their {@code curve_serverkey}. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** True when only listed clients are served. */
    public boolean restrictsClients() {
        return authorized != null;
    }

    /** Clients listed as authorized; 0 when any client is. */
    public int authorizedClientCount() {
        return authorized == null ? 0 : authorized.size();
    }

    boolean authorizes(byte[] clientPublicKey) {
        return authorized == null || authorized.contains(ByteBuffer.wrap(clientPublicKey));
    }

    /** Read only by the handshake; never copied out of this package. */
    byte[] secretKey() {
        return secretKey;
    }

    private static void checkLength(byte[] key, String what) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException(what + " must be " + KEY_BYTES + " bytes, not "
                    + (key == null ? "absent" : key.length + " bytes") + " (a Z85 key of 40 characters decodes to 32 bytes)");
        }
    }

    /** Never shows the secret key. */
    @Override
    public String toString() {
        return "CURVE server keys (" + (authorized == null ? "any client" : authorized.size() + " authorized clients") + ")";
    }
}
