package ziggy.processors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import ziggy.processor.ProcessorFactory;

/**
 * The processor factories a daemon can name: the built-ins, and those of the jars in a plugin folder
 * ({@code --plugin-dir}), found by {@link ServiceLoader}. Plugin jars get one class loader whose
 * parent is the API's, so a plugin sees the API and bson, and the built-ins it shares a name with
 * are a mistake, not an override. Close the catalog after the chains made from it.
 */
public final class ProcessorCatalog implements AutoCloseable {
    private final Map<String, ProcessorFactory> factories;
    private final URLClassLoader pluginLoader;

    private ProcessorCatalog(Map<String, ProcessorFactory> factories, URLClassLoader pluginLoader) {
        this.factories = factories;
        this.pluginLoader = pluginLoader;
    }

    /** The built-ins and any other factories on the class path. */
    public static ProcessorCatalog builtIn() {
        return new ProcessorCatalog(load(ServiceLoader.load(ProcessorFactory.class, ProcessorCatalog.class.getClassLoader())), null);
    }

    /**
     * The built-ins and the factories of every {@code *.jar} directly in {@code pluginDir}.
     *
     * @throws IllegalArgumentException when the folder cannot be read, a plugin cannot be loaded, or two factories share a name
     */
    public static ProcessorCatalog withPlugins(Path pluginDir) {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(pluginDir)) {
            for (Path jar : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()::iterator) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("--plugin-dir " + pluginDir + ": " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("--plugin-dir " + pluginDir + ": cannot list it: " + e, e);
        }
        URLClassLoader loader = new URLClassLoader("ziggy-plugins", jars.toArray(new URL[0]), ProcessorFactory.class.getClassLoader());
        try {
            Map<String, ProcessorFactory> found = load(ServiceLoader.load(ProcessorFactory.class, loader));
            // Built-ins on another loader than the API's (a test class path, an application server) still count.
            for (ProcessorFactory builtIn : load(ServiceLoader.load(ProcessorFactory.class, ProcessorCatalog.class.getClassLoader())).values()) {
                ProcessorFactory other = found.putIfAbsent(builtIn.name(), builtIn);
                if (other != null && other.getClass() != builtIn.getClass()) {
                    throw twoNamed(builtIn.name(), other, builtIn);
                }
            }
            return new ProcessorCatalog(found, loader);
        } catch (RuntimeException | ServiceConfigurationError e) {
            closeQuietly(loader, e);
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("--plugin-dir " + pluginDir + ": cannot load a processor: " + e.getMessage(), e);
        }
    }

    private static Map<String, ProcessorFactory> load(ServiceLoader<ProcessorFactory> loader) {
        Map<String, ProcessorFactory> found = new TreeMap<>();
        for (ProcessorFactory factory : loader) {
            ProcessorFactory other = found.putIfAbsent(factory.name(), factory);
            if (other != null && other.getClass() != factory.getClass()) {
                throw twoNamed(factory.name(), other, factory);
            }
        }
        return found;
    }

    private static IllegalArgumentException twoNamed(String name, ProcessorFactory a, ProcessorFactory b) {
        return new IllegalArgumentException("two processors are named '" + name + "': " + a.getClass().getName() + " and " + b.getClass().getName());
    }

    private static void closeQuietly(URLClassLoader loader, Throwable cause) {
        try {
            loader.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** The names, sorted. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** @throws IllegalArgumentException naming the known processors when there is none called {@code name} */
    public ProcessorFactory factory(String name) {
        ProcessorFactory factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown processor '" + name + "' (known: " + String.join(", ", factories.keySet()) + ")");
        }
        return factory;
    }

    @Override
    public void close() {
        if (pluginLoader != null) {
            try {
                pluginLoader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
