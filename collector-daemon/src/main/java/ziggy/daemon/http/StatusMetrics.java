package ziggy.daemon.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import ziggy.protocol.control.StatusKeys;

/**
 * The daemon's counters as Prometheus metrics, read at each scrape from the same STATUS document that
 * {@code ziggyctl status} shows, so the two never disagree. Names follow Prometheus' conventions:
 * {@code ziggyd_} prefix, base units (seconds, bytes), {@code _total} on counters (added by the
 * exposition). The {@code queue} and {@code forward} sub-documents, present when the daemon forwards,
 * are exposed by {@link StatusSectionMetrics} key by key.
 */
public final class StatusMetrics implements MultiCollector {
    private final Supplier<BsonDocument> status;
    private final DayFileWrites writes;

    /** {@code writes}: null for a daemon without day files (an agent). */
    public StatusMetrics(Supplier<BsonDocument> status, DayFileWrites writes) {
        this.status = status;
        this.writes = writes;
    }

    @Override
    public MetricSnapshots collect() {
        BsonDocument report = status.get();
        List<MetricSnapshot> metrics = new ArrayList<>();
        intake(report, metrics);
        files(report.getDocument(StatusKeys.FILES, new BsonDocument()), metrics);
        stream(report.getDocument(StatusKeys.STREAM, new BsonDocument()), metrics);
        collect(report.getDocument(StatusKeys.COLLECT, new BsonDocument()), metrics);
        security(report.getDocument(StatusKeys.SECURITY, new BsonDocument()), metrics);
        for (String section : StatusSectionMetrics.SECTIONS) {
            BsonValue value = report.get(section);
            if (value != null && value.isDocument()) {
                metrics.addAll(StatusSectionMetrics.of(section, value.asDocument()));
            }
        }
        kafkaPartitions(report.getDocument(StatusKeys.KAFKA, new BsonDocument()), metrics);
        return new MetricSnapshots(metrics);
    }

    /** A consuming master's partitions: where its files stand in each, and how far behind the partition's end it reads. */
    private static void kafkaPartitions(BsonDocument kafka, List<MetricSnapshot> metrics) {
        BsonValue partitions = kafka.get(StatusKeys.KAFKA_PARTITIONS);
        if (partitions == null || !partitions.isArray()) {
            return;
        }
        GaugeSnapshot.Builder next = GaugeSnapshot.builder().name("ziggyd_kafka_partition_next_offset")
                .help("Per partition owned: the next offset to consume as the day files and the commit journal hold it");
        GaugeSnapshot.Builder lag = GaugeSnapshot.builder().name("ziggyd_kafka_partition_lag")
                .help("Per partition owned: records past the offset read (-1 while not known)");
        for (BsonValue entry : partitions.asArray()) {
            if (!entry.isDocument() || !entry.asDocument().isString(StatusKeys.KAFKA_PARTITION)) {
                continue;
            }
            BsonDocument partition = entry.asDocument();
            Labels labels = Labels.of("partition", partition.getString(StatusKeys.KAFKA_PARTITION).getValue());
            next.dataPoint(GaugeDataPointSnapshot.builder().labels(labels)
                    .value(number(partition.get(StatusKeys.KAFKA_NEXT_OFFSET))).build());
            lag.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(number(partition.get(StatusKeys.KAFKA_LAG))).build());
        }
        metrics.add(next.build());
        metrics.add(lag.build());
    }

    private static void intake(BsonDocument report, List<MetricSnapshot> metrics) {
        BsonDocument total = report.getDocument(StatusKeys.TOTAL, new BsonDocument());
        metrics.add(counter("ziggyd_events_received", "Events taken in (well-formed, with a valid type)",
                number(total.get(StatusKeys.TOTAL_EVENTS))));
        metrics.add(counter("ziggyd_received_bytes", "Bytes of the events taken in", number(total.get(StatusKeys.TOTAL_BYTES))));

        metrics.add(byReason("ziggyd_events_rejected", "Messages refused, by reason",
                report.getDocument(StatusKeys.REJECTED, new BsonDocument())));

        CounterSnapshot.Builder byType = CounterSnapshot.builder().name("ziggyd_type_events_received")
                .help("Events taken in, by type (at most as many types as the daemon keeps)");
        for (Map.Entry<String, BsonValue> type : report.getDocument(StatusKeys.EVENTS, new BsonDocument()).entrySet()) {
            BsonValue count = type.getValue().isDocument() ? type.getValue().asDocument().get(StatusKeys.COUNT) : null;
            byType.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("type", type.getKey()))
                    .value(number(count)).build());
        }
        metrics.add(byType.build());

        BsonValue last = report.get(StatusKeys.LAST);
        if (last != null && last.isNumber()) {
            metrics.add(gauge("ziggyd_last_event_received_timestamp_seconds",
                    "Receive time of the latest event taken in, seconds since the epoch", number(last)));
        }
        BsonValue lag = report.get(StatusKeys.LAG);
        if (lag != null && lag.isNumber()) {
            metrics.add(gauge("ziggyd_last_event_lag_seconds",
                    "The latest event's receive time minus its end (else its start)", number(lag)));
        }
        metrics.add(gauge("ziggyd_uptime_seconds", "Seconds since the daemon started", number(report.get(StatusKeys.UPTIME))));
        BsonValue role = report.get("role");
        if (role != null && role.isString()) {
            metrics.add(InfoSnapshot.builder().name("ziggyd_role").help("What this daemon does: master, agent or relay")
                    .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("role", role.asString().getValue())).build())
                    .build());
        }
        BsonValue version = report.get(StatusKeys.VERSION);
        metrics.add(InfoSnapshot.builder().name("ziggyd_build").help("The daemon's version, as a label")
                .dataPoint(InfoDataPointSnapshot.builder()
                        .labels(Labels.of("version", version != null && version.isString() ? version.asString().getValue() : "unknown"))
                        .build())
                .build());
    }

    private void files(BsonDocument files, List<MetricSnapshot> metrics) {
        metrics.add(gauge("ziggyd_day_files_open", "Day files open now", number(files.get(StatusKeys.FILES_OPEN))));
        if (writes != null) {
            metrics.add(counter("ziggyd_events_written", "Events written to day files", writes.eventsWritten()));
            metrics.add(counter("ziggyd_written_bytes", "Bytes written to day files", writes.bytesWritten()));
        }
        metrics.add(counter("ziggyd_day_file_write_errors", "Writes to day files that failed",
                number(files.get(StatusKeys.FILES_WRITE_ERRORS))));
        metrics.add(counter("ziggyd_day_file_lost_events", "Events lost with failed day-file writes",
                number(files.get(StatusKeys.FILES_LOST_EVENTS))));
        metrics.add(counter("ziggyd_day_files_recreated", "Day files found deleted or moved and written anew",
                number(files.get(StatusKeys.FILES_RECREATED))));
        metrics.add(counter("ziggyd_day_file_cut_tails", "Day files whose torn last event was cut when opened for append",
                number(files.get(StatusKeys.FILES_CUT_TAILS))));
    }

    private static void stream(BsonDocument stream, List<MetricSnapshot> metrics) {
        metrics.add(gauge("ziggyd_stream_subscriptions", "Type prefixes subscribed to on the live stream",
                number(stream.get(StatusKeys.STREAM_SUBSCRIPTIONS))));
        metrics.add(counter("ziggyd_stream_sent_events", "Events published on the live stream",
                number(stream.get(StatusKeys.STREAM_SENT))));
        metrics.add(counter("ziggyd_stream_dropped_events",
                "Events left off the live stream because its hand-off to the publisher was full",
                number(stream.get(StatusKeys.STREAM_DROPPED))));
    }

    /** One counter with a {@code reason} label per key of a STATUS document of counts by reason. */
    private static CounterSnapshot byReason(String name, String help, BsonDocument counts) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (Map.Entry<String, BsonValue> reason : counts.entrySet()) {
            counter.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("reason", reason.getKey()))
                    .value(number(reason.getValue())).build());
        }
        return counter.build();
    }

    private static void collect(BsonDocument collect, List<MetricSnapshot> metrics) {
        metrics.add(gauge("ziggyd_collect_connections", "Client connections open on the collect port",
                number(collect.get(StatusKeys.COLLECT_CONNECTIONS))));
        metrics.add(counter("ziggyd_collect_connections_accepted", "Client connections accepted on the collect port",
                number(collect.get(StatusKeys.COLLECT_ACCEPTED))));
        metrics.add(gauge("ziggyd_collect_max_connections", "The collect port's connection cap (--max-connections)",
                number(collect.get(StatusKeys.COLLECT_MAX_CONNECTIONS))));
        metrics.add(counter("ziggyd_collect_accept_failures", "Accepts on the collect port that failed (no descriptors left)",
                number(collect.get(StatusKeys.COLLECT_ACCEPT_FAILURES))));
        metrics.add(byReason("ziggyd_collect_peers_refused",
                "Peers the collect port closed or refused, by reason (greeting, protocol, limits, timeouts)",
                collect.getDocument(StatusKeys.COLLECT_REFUSALS, new BsonDocument())));
        metrics.add(counter("ziggyd_collect_truncated_messages", "Messages cut off by their peer's disconnect",
                number(collect.get(StatusKeys.COLLECT_TRUNCATED))));
        metrics.add(counter("ziggyd_collect_oversized_messages", "Messages over --max-message-bytes, counted from their header",
                number(collect.get(StatusKeys.COLLECT_OVERSIZED))));
        BsonDocument memory = collect.getDocument(StatusKeys.COLLECT_MEMORY, new BsonDocument());
        metrics.add(gauge("ziggyd_collect_memory_budget_bytes", "Receive memory the collect connections may hold (--collect-memory)",
                number(memory.get(StatusKeys.COLLECT_MEMORY_BUDGET))));
        metrics.add(gauge("ziggyd_collect_memory_held_bytes", "Receive memory the collect connections hold now",
                number(memory.get(StatusKeys.COLLECT_MEMORY_HELD))));
        metrics.add(counter("ziggyd_collect_memory_waits", "Times a collect connection waited, reads paused, for receive memory",
                number(memory.get(StatusKeys.COLLECT_MEMORY_WAITS))));
    }

    private static void security(BsonDocument security, List<MetricSnapshot> metrics) {
        metrics.add(gauge("ziggyd_curve_enabled", "1 when every port speaks CURVE (--curve-cert), else 0",
                number(security.get(StatusKeys.SECURITY_CURVE))));
        metrics.add(counter("ziggyd_admin_commands_refused", "Admin commands (SHUTDOWN) answered Not Authorized",
                number(security.get(StatusKeys.SECURITY_ADMIN_REFUSED))));
        CounterSnapshot.Builder refused = CounterSnapshot.builder().name("ziggyd_curve_clients_refused")
                .help("CURVE peers refused, by port (collect, control, stream) and reason");
        for (Map.Entry<String, BsonValue> port : security.getDocument(StatusKeys.SECURITY_REFUSALS, new BsonDocument()).entrySet()) {
            if (!port.getValue().isDocument()) {
                continue;
            }
            for (Map.Entry<String, BsonValue> reason : port.getValue().asDocument().entrySet()) {
                refused.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("port", port.getKey(), "reason", reason.getKey()))
                        .value(number(reason.getValue())).build());
            }
        }
        metrics.add(refused.build());
        BsonValue warnings = security.get(StatusKeys.SECURITY_WARNINGS);
        metrics.add(gauge("ziggyd_security_warnings", "Warnings about the daemon's exposure (a control port open without CURVE)",
                warnings != null && warnings.isArray() ? warnings.asArray().size() : 0));
    }

    static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    /** A BSON number as a double; 0 for a missing value (a counter absent from an older STATUS has counted nothing). */
    static double number(BsonValue value) {
        if (value == null) {
            return 0;
        }
        if (value.isNumber()) {
            return value.asNumber().doubleValue();
        }
        if (value.isBoolean()) {
            return value.asBoolean().getValue() ? 1 : 0;
        }
        return 0;
    }
}
