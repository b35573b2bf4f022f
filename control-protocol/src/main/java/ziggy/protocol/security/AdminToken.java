package ziggy.protocol.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The daemon's admin token: 32 random bytes in hex, written by ziggyd at every start to its
 * {@code --admin-token-file} (mode 0600, so only the daemon's user, and root, can read it) and sent by
 * {@code ziggyctl} as the {@code token} of an admin command. Whoever can read the file may stop the
 * daemon; whoever cannot needs an admin key over CURVE.
 */
public final class AdminToken {
    /** The file the packaged daemon writes and the one {@code ziggyctl} reads unless told otherwise. */
    public static final Path PACKAGED_FILE = Path.of("/var/lib/ziggy/admin-token");
    /** A request's field that carries the token. */
    public static final String FIELD = "token";
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private AdminToken(String value) {
        this.value = value;
    }

    /** A new token, written to {@code file} (its folder made if missing) with mode 0600. */
    public static AdminToken createIn(Path file) throws IOException {
        byte[] random = new byte[BYTES];
        RANDOM.nextBytes(random);
        AdminToken token = new AdminToken(HexFormat.of().formatHex(random));
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        CurveCertificate.SecretFile.write(file, token.value + "\n");
        return token;
    }

    /** The token in {@code file}, as {@code ziggyctl} reads it. */
    public static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /** Whether {@code presented} is this token; compared in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    public String value() {
        return value;
    }
}
