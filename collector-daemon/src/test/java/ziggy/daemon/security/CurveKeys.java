package ziggy.daemon.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ziggy.protocol.security.AuthorizedKeys;
import ziggy.protocol.security.CurveCertificate;

/**
 * A small fleet's certificates in a temporary folder, as an operator lays them out: the daemon's pair,
 * a folder of authorized clients ({@code alice}, {@code root}), a folder of admins ({@code root}), and
 * the secret certificates of every client, {@code mallory} (known to no one) included.
 */
final class CurveKeys {
    final Path serverSecret;
    final Path serverPublic;
    final Path clients;
    final Path admins;
    final Path secrets;

    CurveKeys(Path folder) {
        try {
            Path server = Files.createDirectories(folder.resolve("server"));
            serverSecret = CurveCertificate.generate().write(server, "ziggyd");
            serverPublic = server.resolve("ziggyd.key");
            clients = Files.createDirectories(folder.resolve("clients"));
            admins = Files.createDirectories(folder.resolve("admins"));
            secrets = Files.createDirectories(folder.resolve("secrets"));
            for (String name : new String[] {"alice", "root", "mallory"}) {
                CurveCertificate.generate().write(secrets, name);
            }
            Files.copy(secrets.resolve("alice.key"), clients.resolve("alice.key"));
            Files.copy(secrets.resolve("root.key"), clients.resolve("root.key"));
            Files.copy(secrets.resolve("root.key"), admins.resolve("root.key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The daemon's settings: CURVE with these clients and admins, the token where it goes by default. */
    SecuritySettings settings() {
        return new SecuritySettings(CurveCertificate.load(serverSecret), AuthorizedKeys.load(clients),
                AuthorizedKeys.load(admins), null);
    }

    Path secret(String name) {
        return secrets.resolve(name + CurveCertificate.SECRET_SUFFIX);
    }

    CurveCertificate certificate(String name) {
        return CurveCertificate.load(secret(name));
    }

    CurveCertificate server() {
        return CurveCertificate.load(serverPublic);
    }
}
