package ziggy.system.packages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The tarball unpacked into a folder, as an operator unpacks it: one {@code ziggy-<version>/} inside. */
final class UnpackedTarball {
    /** The JDK running the tests, and JIT settings that start a short-lived JVM fast. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "JAVA_HOME", System.getProperty("java.home"),
            "JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

    private final Path root;

    private UnpackedTarball(Path root) {
        this.root = root;
    }

    static UnpackedTarball unpack(Path tarball, Path into) {
        HostCommand.succeed("tar", "-xzf", tarball.toString(), "-C", into.toString());
        try (Stream<Path> entries = Files.list(into)) {
            List<Path> tops = entries.toList();
            if (tops.size() != 1 || !tops.get(0).getFileName().toString().startsWith("ziggy-")) {
                throw new AssertionError("the tarball should hold one ziggy-<version>/ folder, not " + tops);
            }
            return new UnpackedTarball(tops.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    /** The project's version, from the folder's name ({@code ziggy-<version>}). */
    String version() {
        return root.getFileName().toString().substring("ziggy-".length());
    }

    Path launcher(String tool) {
        return root.resolve("bin").resolve(tool);
    }
}
