package ziggy.system.packages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the packaging module left its outputs: {@code packaging/target} of this checkout. Surefire
 * runs in this module's folder ({@code basedir}), whose parent is the checkout.
 */
final class BuiltPackages {
    static final List<String> TOOLS = List.of("ziggyd", "ziggyctl", "ziggyview");

    private static final Path TARGET = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
            .resolveSibling("packaging").resolve("target");

    private BuiltPackages() {
    }

    /** {@code ziggy-<version>.tar.gz}, the product. */
    static Path tarball() {
        return single("ziggy-[0-9]*.tar.gz");
    }

    /** {@code ziggy-bench-<version>.tar.gz}, the load generator and its JMH jars, apart from the product. */
    static Path benchArchive() {
        return single("ziggy-bench-*.tar.gz");
    }

    /** {@code ziggy_<debian version>_all.deb}. */
    static Path deb() {
        return single("ziggy_*_all.deb");
    }

    /** The bash completion script the build generated for {@code tool}. */
    static Path completionScript(String tool) {
        return TARGET.resolve("completion").resolve(tool);
    }

    /** Exactly one match, or a failure that says what to do: a stale package from an older version misleads. */
    private static Path single(String glob) {
        if (!Files.isDirectory(TARGET)) {
            throw new IllegalStateException(TARGET + " is missing: build the packaging module first (mvn package)");
        }
        PathMatcher matcher = TARGET.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> matches = files.filter(path -> matcher.matches(path.getFileName())).sorted().toList();
            if (matches.size() != 1) {
                throw new IllegalStateException("expected one " + glob + " in " + TARGET + ", found " + matches
                        + ": rebuild the packaging module (mvn clean package -pl packaging -am)");
            }
            return matches.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
