package ziggy.protocol.security;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import org.zeromq.ZCert;
import org.zeromq.ZConfig;
import org.zeromq.ZMQ;

/**
 * A CurveZMQ key pair, or a public key alone, as ZeroMQ's certificate files hold them: the ZPL files
 * that czmq's {@code zcert} and pyzmq's {@code zmq.auth.create_certificates(dir, name)} write,
 * {@code NAME.key} with the public key and {@code NAME.key_secret} with both, in a {@code curve} section
 * as {@code public-key = "…"} and {@code secret-key = "…"}, each 40 characters of Z85. JeroMQ's
 * {@link ZConfig} reads and {@link ZCert} writes that format; this class checks what it reads (a key of
 * the wrong length, a secret that does not belong to its public key) and names the file when it is wrong.
 */
public final class CurveCertificate {
    /** Bytes of a curve25519 key. */
    public static final int KEY_BYTES = 32;
    public static final String PUBLIC_SUFFIX = ".key";
    public static final String SECRET_SUFFIX = ".key_secret";

    private final byte[] publicKey;
    private final byte[] secretKey;

    private CurveCertificate(byte[] publicKey, byte[] secretKey) {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** A new key pair from the system's secure random source. */
    public static CurveCertificate generate() {
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        return new CurveCertificate(ZMQ.Curve.z85Decode(pair.publicKey), ZMQ.Curve.z85Decode(pair.secretKey));
    }

    /** The public key alone, from its 40 Z85 characters. */
    public static CurveCertificate ofPublicKey(String z85) {
        return new CurveCertificate(decode(z85, "public key"), null);
    }

    /**
     * Reads a certificate file: a secret one ({@code NAME.key_secret}) gives the pair, a public one the
     * public key alone.
     *
     * @throws InvalidCertificateException when the file cannot be read or is not a CURVE certificate
     */
    public static CurveCertificate load(Path file) {
        ZConfig config;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InvalidCertificateException(file + ": no such file");
            }
            config = ZConfig.load(file.toString());
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidCertificateException invalid) {
                throw invalid;
            }
            throw new InvalidCertificateException(file + ": cannot be read as a ZeroMQ certificate (" + e.getMessage() + ")");
        }
        String publicText = config.getValue("curve/public-key");
        if (publicText == null) {
            throw new InvalidCertificateException(file + ": no curve/public-key; not a ZeroMQ CURVE certificate");
        }
        byte[] publicKey = decode(unquoted(publicText), file + ": curve/public-key");
        String secretText = config.getValue("curve/secret-key");
        if (secretText == null) {
            return new CurveCertificate(publicKey, null);
        }
        byte[] secretKey = decode(unquoted(secretText), file + ": curve/secret-key");
        CurveCertificate certificate = new CurveCertificate(publicKey, secretKey);
        byte[] derived = new byte[KEY_BYTES];
        curve25519xsalsa20poly1305.crypto_box_getpublickey(derived, secretKey);
        if (!Arrays.equals(publicKey, derived)) {
            throw new InvalidCertificateException(file + ": its secret key does not belong to its public key");
        }
        return certificate;
    }

    /**
     * Writes {@code NAME.key} (the public key, for whoever must trust it) and {@code NAME.key_secret}
     * (both keys, readable by its owner only) into {@code folder}, which must exist.
     *
     * @return the secret file
     */
    public Path write(Path folder, String name) throws IOException {
        if (secretKey == null) {
            throw new IllegalStateException("a public key alone has no secret file to write");
        }
        ZCert cert = new ZCert(publicKey, secretKey);
        Path publicFile = folder.resolve(name + PUBLIC_SUFFIX);
        Path secretFile = folder.resolve(name + SECRET_SUFFIX);
        StringWriter publicText = new StringWriter();
        cert.savePublic(publicText);
        Files.writeString(publicFile, publicText.toString(), StandardCharsets.UTF_8);
        StringWriter secretText = new StringWriter();
        cert.saveSecret(secretText);
        SecretFile.write(secretFile, secretText.toString());
        return secretFile;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The secret key; throws for a public key alone. */
    public byte[] secretKey() {
        if (secretKey == null) {
            throw new IllegalStateException("a public certificate has no secret key");
        }
        return secretKey.clone();
    }

    public boolean hasSecretKey() {
        return secretKey != null;
    }

    public String publicKeyZ85() {
        return ZMQ.Curve.z85Encode(publicKey);
    }

    public String secretKeyZ85() {
        return ZMQ.Curve.z85Encode(secretKey());
    }

    /** JeroMQ's ZConfig keeps the quotes pyzmq and czmq write around a value. */
    private static String unquoted(String value) {
        String trimmed = value.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static byte[] decode(String z85, String what) {
        if (z85.length() != 40) {
            throw new InvalidCertificateException(what + " is " + z85.length() + " characters, not the 40 of a Z85 key");
        }
        byte[] key;
        try {
            key = ZMQ.Curve.z85Decode(z85);
        } catch (RuntimeException e) {
            throw new InvalidCertificateException(what + " is not Z85: " + e.getMessage());
        }
        if (key == null || key.length != KEY_BYTES) {
            throw new InvalidCertificateException(what + " is not Z85");
        }
        return key;
    }

    /** Creates files whose content only their owner may read. */
    static final class SecretFile {
        private SecretFile() {
        }

        /**
         * Writes {@code text} to {@code file} with mode 0600 from its first byte: a temporary file made
         * with that mode in the same folder, then moved over {@code file}.
         */
        static void write(Path file, String text) throws IOException {
            Path folder = file.toAbsolutePath().getParent();
            Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }
}
