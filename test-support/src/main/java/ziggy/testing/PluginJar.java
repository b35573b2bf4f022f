package ziggy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The example processor plugin (module processor-example) packed as a jar, as a user would drop it into
 * {@code --plugin-dir}. Its classes' folder is the system property {@code ziggy.example.classes}, which the
 * modules that test plugins set.
 */
public final class PluginJar {
    private PluginJar() {
    }

    /** Writes the example plugin's classes as {@code jar}; returns it. */
    public static Path example(Path jar) throws IOException {
        Path classes = Path.of(System.getProperty("ziggy.example.classes", "processor-example/target/classes"));
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + ": build processor-example first (the reactor does, as a test dependency)");
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
