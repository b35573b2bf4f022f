package ziggy.protocol.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public keys of a folder of certificates ({@code --curve-clients}, {@code --curve-admins}): every
 * {@code *.key} file in it, as pyzmq and czmq write them. Secret files ({@code *.key_secret}) and other
 * files are ignored, so that a folder may hold notes; a {@code .key} file that is no certificate is an
 * error naming it, never a key silently left out.
 */
public final class AuthorizedKeys {
    private final Set<String> z85Keys;

    private AuthorizedKeys(Set<String> z85Keys) {
        this.z85Keys = Set.copyOf(z85Keys);
    }

    public static AuthorizedKeys load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidCertificateException(folder + ": not a folder of public certificates");
        }
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().endsWith(CurveCertificate.PUBLIC_SUFFIX) && Files.isRegularFile(file)) {
                    keys.add(CurveCertificate.load(file).publicKeyZ85());
                }
            }
        } catch (IOException e) {
            throw new InvalidCertificateException(folder + ": cannot be listed: " + e.getMessage());
        }
        return new AuthorizedKeys(keys);
    }

    public static AuthorizedKeys of(Set<String> z85Keys) {
        return new AuthorizedKeys(z85Keys);
    }

    /** Whether {@code z85Key}, a public key in Z85 (as ZAP's User-Id carries it), is among them. */
    public boolean contains(String z85Key) {
        return z85Keys.contains(z85Key);
    }

    public Set<String> z85Keys() {
        return z85Keys;
    }

    public int size() {
        return z85Keys.size();
    }
}
