package ziggy.daemon.http;

import java.io.IOException;
import java.util.Optional;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import ziggy.daemon.stats.Counter;
import ziggy.storage.dayfile.WriteObserver;

/**
 * What the day-file writer reports about its writes: how long each write, each flush pass and each fsync took
 * (Prometheus histograms), how many events and bytes reached the files, and whether the latest write
 * failed. Written on the collect thread, once per buffer written; read by the HTTP thread.
 */
public final class DayFileWrites implements WriteObserver {
    private static final double NANOS_PER_SECOND = 1e9;
    /** 50 µs to 2.5 s: a buffered write of 64 KiB takes tens of µs; seconds mean a sick disk. */
    private static final double[] LATENCY_BOUNDS_SECONDS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final Histogram writeSeconds = Histogram.builder()
            .name("ziggyd_day_file_write_seconds")
            .help("Time of one write of buffered events to a day file")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS_SECONDS)
            .build();
    private final Histogram flushSeconds = Histogram.builder()
            .name("ziggyd_day_file_flush_seconds")
            .help("Time of one flush pass writing every day file with buffered events (every 200 ms while events arrive)")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS_SECONDS)
            .build();
    private final Histogram fsyncSeconds = Histogram.builder()
            .name("ziggyd_day_file_fsync_seconds")
            .help("Time of one fsync of a day file, done before acknowledging a forwarder's batch unless --fsync=never")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS_SECONDS)
            .build();
    // Written by the collect thread only.
    private final Counter eventsWritten = new Counter();
    private final Counter bytesWritten = new Counter();
    /** The latest failure's message, or null once a write succeeded after it. */
    private volatile String latestFailure;

    /** Adds the latency histograms to {@code registry}. */
    public void register(PrometheusRegistry registry) {
        registry.register(writeSeconds);
        registry.register(flushSeconds);
        registry.register(fsyncSeconds);
    }

    @Override
    public void written(int events, long bytes, long nanos) {
        eventsWritten.add(events);
        bytesWritten.add(bytes);
        writeSeconds.observe(nanos / NANOS_PER_SECOND);
        if (latestFailure != null) {
            latestFailure = null;
        }
    }

    @Override
    public void flushed(long nanos) {
        flushSeconds.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void synced(long nanos) {
        fsyncSeconds.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public void failed(int lostEvents, IOException cause) {
        latestFailure = String.valueOf(cause.getMessage());
    }

    public long eventsWritten() {
        return eventsWritten.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** The message of the latest write failure when no write has succeeded since. */
    public Optional<String> latestFailure() {
        return Optional.ofNullable(latestFailure);
    }
}
