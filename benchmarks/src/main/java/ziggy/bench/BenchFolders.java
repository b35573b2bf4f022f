package ziggy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folders for benchmarks that write to disk: under {@code -Dziggy.bench.dir} (default the temp
 * folder), so that a run measures the disk the daemon will use; deleted afterwards.
 */
final class BenchFolders {
    private BenchFolders() {
    }

    static Path create(String prefix) throws IOException {
        Path parent = Path.of(System.getProperty("ziggy.bench.dir", System.getProperty("java.io.tmpdir")));
        return Files.createTempDirectory(parent, prefix);
    }

    static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
