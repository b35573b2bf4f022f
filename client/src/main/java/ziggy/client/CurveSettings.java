package ziggy.client;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.zeromq.ZConfig;
import org.zeromq.ZMQ;

/**
 * CURVE for the sender's PUSH socket, for a {@code ziggyd} started with {@code --curve-cert}: the daemon's
 * public key, and a key pair of the application's own. Without an own pair ({@link #withOwnKeys},
 * {@link #withOwnCertificate}) a fresh one is made here, once, which a daemon that takes any CURVE client
 * accepts; a daemon with {@code --curve-clients} takes only the keys in that folder.
 *
 * <p>Keys are 40 characters of Z85, or come from ZeroMQ certificate files as pyzmq's
 * {@code zmq.auth.create_certificates}, czmq and {@code ziggyctl keygen} write them ({@code NAME.key} holds
 * the public key, {@code NAME.key_secret} both; a {@code curve} section with {@code public-key} and
 * {@code secret-key}), read with JeroMQ's {@link ZConfig}. A key or file that cannot be used is an
 * {@link IllegalArgumentException} naming it, a configuration mistake like a blank host.
 *
 * <pre>{@code
 * Ziggy.configure("master", 3514, SenderOptions.defaults()
 *         .withCurve(CurveSettings.serverCertificate(Path.of("/etc/ziggy/master.key"))));
 * }</pre>
 */
public final class CurveSettings {
    private static final int KEY_BYTES = 32;
    private static final int Z85_CHARACTERS = 40;

    private final byte[] serverPublicKey;
    private final byte[] publicKey;
    private final byte[] secretKey;

    private CurveSettings(byte[] serverPublicKey, byte[] publicKey, byte[] secretKey) {
        this.serverPublicKey = serverPublicKey;
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** The daemon's public key in Z85, with a fresh key pair of this process's own. */
    public static CurveSettings serverKey(String z85) {
        return withFreshPair(decode(z85, "the server's public key"));
    }

    /** The daemon's public key from its certificate file ({@code NAME.key}), with a fresh key pair. */
    public static CurveSettings serverCertificate(Path file) {
        return withFreshPair(decode(value(load(file), "curve/public-key", file), file + ": curve/public-key"));
    }

    /** These settings with the application's own key pair, each key in Z85. */
    public CurveSettings withOwnKeys(String publicZ85, String secretZ85) {
        byte[] ownPublic = decode(publicZ85, "the client's public key");
        byte[] ownSecret = decode(secretZ85, "the client's secret key");
        requirePair(ownPublic, ownSecret, "the client's secret key does not belong to its public key");
        return new CurveSettings(serverPublicKey, ownPublic, ownSecret);
    }

    /** These settings with the application's own key pair from its secret certificate file ({@code NAME.key_secret}). */
    public CurveSettings withOwnCertificate(Path secretFile) {
        ZConfig config = load(secretFile);
        String secretText = config.getValue("curve/secret-key");
        if (secretText == null) {
            throw new IllegalArgumentException(secretFile + ": no curve/secret-key; give the secret certificate (NAME.key_secret)");
        }
        byte[] ownPublic = decode(value(config, "curve/public-key", secretFile), secretFile + ": curve/public-key");
        byte[] ownSecret = decode(unquoted(secretText), secretFile + ": curve/secret-key");
        requirePair(ownPublic, ownSecret, secretFile + ": its secret key does not belong to its public key");
        return new CurveSettings(serverPublicKey, ownPublic, ownSecret);
    }

    /** The daemon's public key in Z85. */
    public String serverKeyZ85() {
        return ZMQ.Curve.z85Encode(serverPublicKey);
    }

    /** This process's public key in Z85, the one a daemon's {@code --curve-clients} folder must hold. */
    public String publicKeyZ85() {
        return ZMQ.Curve.z85Encode(publicKey);
    }

    /** Makes {@code socket} a CURVE client of the daemon, before it connects. */
    void apply(ZMQ.Socket socket) {
        socket.setCurveServerKey(serverPublicKey);
        socket.setCurvePublicKey(publicKey);
        socket.setCurveSecretKey(secretKey);
    }

    /** Names the keys that are public; never the secret one. */
    @Override
    public String toString() {
        return "CURVE(server " + serverKeyZ85() + ", client " + publicKeyZ85() + ")";
    }

    private static CurveSettings withFreshPair(byte[] serverPublicKey) {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        return new CurveSettings(serverPublicKey, ZMQ.Curve.z85Decode(pair.publicKey), ZMQ.Curve.z85Decode(pair.secretKey));
    }

    private static ZConfig load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such certificate file");
        }
        try {
            return ZConfig.load(file.toString());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot be read as a ZeroMQ certificate (" + e.getMessage() + ")");
        }
    }

    private static String value(ZConfig config, String path, Path file) {
        String text = config.getValue(path);
        if (text == null) {
            throw new IllegalArgumentException(file + ": no " + path + "; not a ZeroMQ CURVE certificate");
        }
        return unquoted(text);
    }

    /** JeroMQ's ZConfig keeps the quotes that pyzmq and czmq write around a value. */
    private static String unquoted(String value) {
        String trimmed = value.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static byte[] decode(String z85, String what) {
        if (z85 == null || z85.length() != Z85_CHARACTERS) {
            throw new IllegalArgumentException(what + " must be " + Z85_CHARACTERS + " characters of Z85, got "
                    + (z85 == null ? "none" : z85.length() + " characters"));
        }
        byte[] key;
        try {
            key = ZMQ.Curve.z85Decode(z85);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " is not Z85");
        }
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException(what + " is not Z85");
        }
        return key;
    }

    private static void requirePair(byte[] publicKey, byte[] secretKey, String mismatch) {
        byte[] derived = new byte[KEY_BYTES];
        curve25519xsalsa20poly1305.crypto_box_getpublickey(derived, secretKey);
        if (!Arrays.equals(derived, publicKey)) {
            throw new IllegalArgumentException(mismatch);
        }
    }
}
