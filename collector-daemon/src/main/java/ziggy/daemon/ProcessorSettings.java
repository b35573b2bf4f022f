package ziggy.daemon;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import ziggy.daemon.http.DaemonHealth;
import ziggy.processor.ProcessorContext;
import ziggy.processors.EventSink;
import ziggy.processors.ProcessorCatalog;
import ziggy.processors.ProcessorChain;
import ziggy.processors.ProcessorSpec;

/**
 * The processors a daemon runs ({@code --processor}, in order) and where it finds those that are not
 * built in ({@code --plugin-dir}). The catalog is made once per daemon: the plugins' class loader stays
 * open while any chain may use their classes, and a reload builds its chain from the same catalog.
 *
 * @param specs the chain's processors in order; empty for none
 * @param catalog the built-in processors and the plugin folder's
 * @param pluginDir the plugin folder, or null
 */
public record ProcessorSettings(List<ProcessorSpec> specs, ProcessorCatalog catalog, Path pluginDir) {
    public static final ProcessorSettings NONE = new ProcessorSettings(List.of(), null, null);

    /**
     * The processors {@code texts} name ({@code NAME[:key=value,...]} each), from the built-ins and the jars of
     * {@code pluginDir} (null: built-ins only), each checked by building a chain once.
     *
     * @throws IllegalArgumentException with a one-line message naming the processor and what is wrong
     */
    public static ProcessorSettings of(List<String> texts, Path pluginDir, ProcessorContext context) {
        if (texts.isEmpty() && pluginDir == null) {
            return NONE;
        }
        ProcessorCatalog catalog = pluginDir == null ? ProcessorCatalog.builtIn() : ProcessorCatalog.withPlugins(pluginDir);
        ProcessorSettings settings = new ProcessorSettings(specsOf(texts), catalog, pluginDir);
        try {
            settings.check(context);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
        return settings;
    }

    /** The same plugins, running the processors {@code texts} name: what a reload applies. */
    public ProcessorSettings with(List<String> texts) {
        return new ProcessorSettings(specsOf(texts), catalog == null ? ProcessorCatalog.builtIn() : catalog, pluginDir);
    }

    private static List<ProcessorSpec> specsOf(List<String> texts) {
        return texts.stream().filter(text -> !text.isBlank()).map(ProcessorSpec::parse).toList();
    }

    /**
     * What processors know of a daemon: its time zone, the clock, this host's name (looked up once).
     */
    public static ProcessorContext contextFor(ZoneId zone) {
        return new ProcessorContext(zone, Clock.systemUTC(), DaemonHealth.localHostname());
    }

    /**
     * Builds these processors once and drops them, so that a mistake in them is found before they are used.
     *
     * @throws IllegalArgumentException with a one-line message naming the processor and what is wrong
     */
    public void check(ProcessorContext context) {
        ProcessorChain trial = build(context, (buffer, offset, length) -> { });
        if (trial != null) {
            trial.close();
        }
    }

    /** Closes the plugins' class loader: once no chain of these settings runs any more. */
    public void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    /** A new chain of these processors sending what comes out to {@code sink}; null when there are none. */
    public ProcessorChain build(ProcessorContext context, EventSink sink) {
        return specs.isEmpty() ? null : ProcessorChain.build(specs, catalog, context, sink);
    }
}
