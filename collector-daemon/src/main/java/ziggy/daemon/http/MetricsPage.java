package ziggy.daemon.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code /metrics}: the daemon's own registry (never the library's global one, so daemons in one JVM
 * keep apart) holding the STATUS counters, the day-file latency histograms and the JVM's basics
 * (memory, GC, threads, CPU), written in Prometheus' text format by the client library.
 */
public final class MetricsPage {
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** {@code writes}: null for a daemon without day files. */
    public MetricsPage(MultiCollector daemonMetrics, DayFileWrites writes) {
        registry.register(daemonMetrics);
        if (writes != null) {
            writes.register(registry);
        }
        JvmMetrics.builder().register(registry);
    }

    void register(MultiCollector more) {
        registry.register(more);
    }

    public byte[] render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayOutputStream cannot fail", e);
        }
        return out.toByteArray();
    }
}
