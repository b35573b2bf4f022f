package ziggy.daemon.http;

import java.util.List;
import java.util.function.Supplier;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The HTTP server's own connections as metrics, so that a monitor that stopped getting answers can see
 * afterwards whether a flood took its slot: {@code ziggyd_http_connections} open now, and
 * {@code ziggyd_http_connections_closed_total{reason}} for those the server closed on its own, and
 * {@code ziggyd_http_accept_failures_total} for connections it could not take (out of descriptors).
 */
final class HttpConnectionMetrics implements MultiCollector {
    private final Supplier<ConnectionCounts> counts;

    HttpConnectionMetrics(Supplier<ConnectionCounts> counts) {
        this.counts = counts;
    }

    @Override
    public MetricSnapshots collect() {
        ConnectionCounts now = counts.get();
        GaugeSnapshot open = GaugeSnapshot.builder().name("ziggyd_http_connections").help("HTTP connections open now")
                .dataPoint(GaugeDataPointSnapshot.builder().value(now.open()).build()).build();
        CounterSnapshot.Builder closed = CounterSnapshot.builder().name("ziggyd_http_connections_closed")
                .help("HTTP connections the server closed on its own: shed at the cap, refused at the cap, idle, timed out");
        List.of(reason("shed", now.shed()), reason("refused", now.refused()), reason("idle", now.idleClosed()),
                reason("timed_out", now.timedOut())).forEach(closed::dataPoint);
        CounterSnapshot acceptFailures = CounterSnapshot.builder().name("ziggyd_http_accept_failures")
                .help("accepts of HTTP connections that failed, most often for want of descriptors")
                .dataPoint(CounterDataPointSnapshot.builder().value(now.acceptFailures()).build()).build();
        return new MetricSnapshots(open, closed.build(), acceptFailures);
    }

    private static CounterDataPointSnapshot reason(String reason, long count) {
        return CounterDataPointSnapshot.builder().labels(Labels.of("reason", reason)).value(count).build();
    }
}
