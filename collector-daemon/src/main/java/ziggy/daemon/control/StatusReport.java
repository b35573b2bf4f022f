package ziggy.daemon.control;

import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stats.Tally;
import ziggy.daemon.watch.PartWatch;
import ziggy.protocol.ZiggyVersion;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.event.RejectReason;
import ziggy.zmtp.RefusalReason;
import ziggy.zmtp.ZmtpCounters;

/** Builds the STATUS reply (its keys: {@link StatusKeys}) from the counters, on the control thread. */
public final class StatusReport {
    private final IntakeStats stats;
    private final String collectEndpoint;
    private final int collectPort;
    private final int maxConnections;
    private final int streamPort;
    private final IntSupplier subscriptions;
    private final ZmtpCounters collectCounters;
    private final RoleSection role;
    private final PartWatch parts;
    private final Consumer<BsonDocument> security;

    public StatusReport(IntakeStats stats, String collectEndpoint, int collectPort, int maxConnections,
                        ZmtpCounters collectCounters, int streamPort, IntSupplier subscriptions, RoleSection role,
                        PartWatch parts) {
        this(stats, collectEndpoint, collectPort, maxConnections, collectCounters, streamPort, subscriptions, role, parts,
                status -> { });
    }

    /** {@code security} appends the {@code security} section ({@code ziggy.daemon.security.SecurityStatus}). */
    public StatusReport(IntakeStats stats, String collectEndpoint, int collectPort, int maxConnections,
                        ZmtpCounters collectCounters, int streamPort, IntSupplier subscriptions, RoleSection role,
                        PartWatch parts, Consumer<BsonDocument> security) {
        this.security = security;
        this.maxConnections = maxConnections;
        this.stats = stats;
        this.parts = parts;
        this.role = role;
        this.collectCounters = collectCounters;
        this.collectEndpoint = collectEndpoint;
        this.collectPort = collectPort;
        this.streamPort = streamPort;
        this.subscriptions = subscriptions;
    }

    public BsonDocument build() {
        BsonDocument events = new BsonDocument();
        for (Tally type : stats.types()) {
            events.append(type.name(), tally(type));
        }
        BsonDocument hosts = new BsonDocument();
        for (Tally host : stats.hosts()) {
            hosts.append(host.name(), tally(host));
        }
        BsonDocument rejected = new BsonDocument();
        for (RejectReason reason : RejectReason.values()) {
            rejected.append(reason.wireName(), new BsonInt64(stats.rejected(reason).get()));
        }
        BsonDocument status = new BsonDocument()
                .append(StatusKeys.LAST, time(stats.lastReceive()))
                .append(StatusKeys.LAG, time(stats.lastLag()))
                .append(StatusKeys.EVENTS, events)
                .append(StatusKeys.HOSTS, hosts)
                .append(StatusKeys.TOTAL, new BsonDocument()
                        .append(StatusKeys.TOTAL_EVENTS, new BsonInt64(stats.events.get()))
                        .append(StatusKeys.TOTAL_BYTES, new BsonInt64(stats.bytes.get())))
                .append(StatusKeys.REJECTED, rejected)
                .append(StatusKeys.UPTIME, new BsonDouble(stats.uptimeSeconds()))
                .append(StatusKeys.VERSION, new BsonString(ZiggyVersion.version()))
                .append(StatusKeys.FAILED, failed())
                .append(StatusKeys.FILES, new BsonDocument()
                        .append(StatusKeys.FILES_OPEN, new BsonInt32((int) stats.openFiles.get()))
                        .append(StatusKeys.FILES_WRITE_ERRORS, new BsonInt64(stats.writeErrors.get()))
                        .append(StatusKeys.FILES_LOST_EVENTS, new BsonInt64(stats.lostEvents.get()))
                        .append(StatusKeys.FILES_RECREATED, new BsonInt64(stats.recreatedFiles.get()))
                        .append(StatusKeys.FILES_CUT_TAILS, new BsonInt64(stats.cutTails.get())))
                .append(StatusKeys.STREAM, new BsonDocument()
                        .append(StatusKeys.STREAM_PORT, new BsonInt32(streamPort))
                        .append(StatusKeys.STREAM_SUBSCRIPTIONS, new BsonInt32(subscriptions.getAsInt()))
                        .append(StatusKeys.STREAM_SENT, new BsonInt64(stats.streamSent.get()))
                        .append(StatusKeys.STREAM_DROPPED, new BsonInt64(stats.streamDropped.get())))
                .append(StatusKeys.BATCHES, new BsonDocument()
                        .append(StatusKeys.BATCHES_RECEIVED, new BsonInt64(stats.batches.get()))
                        .append(StatusKeys.BATCHES_EVENTS, new BsonInt64(stats.batchEvents.get()))
                        .append(StatusKeys.BATCHES_DUPLICATES, new BsonInt64(stats.duplicateEvents.get()))
                        .append(StatusKeys.BATCHES_GAPS, new BsonInt64(stats.skippedSeqs.get()))
                        .append(StatusKeys.BATCHES_AWAITING_RESEND, new BsonInt64(stats.batchesAwaitingResend.get()))
                        .append(StatusKeys.BATCHES_SOURCES, new BsonInt32((int) stats.sources.get()))
                        .append(StatusKeys.BATCHES_SOURCES_EXPIRED, new BsonInt64(stats.sourcesExpired.get()))
                        .append(StatusKeys.BATCHES_SOURCES_EVICTED, new BsonInt64(stats.sourcesEvicted.get())))
                .append(StatusKeys.COLLECT, collect());
        role.appendTo(status);
        security.accept(status);
        return status;
    }

    private BsonDocument collect() {
        BsonDocument refusals = new BsonDocument();
        for (RefusalReason reason : RefusalReason.values()) {
            refusals.append(reason.wireName(), new BsonInt64(collectCounters.refused(reason)));
        }
        return new BsonDocument()
                .append(StatusKeys.COLLECT_ENDPOINT, new BsonString(collectEndpoint))
                .append(StatusKeys.COLLECT_PORT, new BsonInt32(collectPort))
                .append(StatusKeys.COLLECT_CONNECTIONS, new BsonInt64(collectCounters.connectionsOpen()))
                .append(StatusKeys.COLLECT_MAX_CONNECTIONS, new BsonInt32(maxConnections))
                .append(StatusKeys.COLLECT_ACCEPTED, new BsonInt64(collectCounters.connectionsAccepted()))
                .append(StatusKeys.COLLECT_ACCEPT_FAILURES, new BsonInt64(collectCounters.acceptFailures()))
                .append(StatusKeys.COLLECT_REFUSED, new BsonInt64(collectCounters.refusedTotal()))
                .append(StatusKeys.COLLECT_REFUSALS, refusals)
                .append(StatusKeys.COLLECT_TRUNCATED, new BsonInt64(collectCounters.truncatedMessages()))
                .append(StatusKeys.COLLECT_OVERSIZED, new BsonInt64(collectCounters.oversizedMessages()))
                .append(StatusKeys.COLLECT_MEMORY, new BsonDocument()
                        .append(StatusKeys.COLLECT_MEMORY_BUDGET, new BsonInt64(collectCounters.memoryBudgetBytes()))
                        .append(StatusKeys.COLLECT_MEMORY_HELD, new BsonInt64(collectCounters.memoryHeldBytes()))
                        .append(StatusKeys.COLLECT_MEMORY_PEAK, new BsonInt64(collectCounters.memoryPeakBytes()))
                        .append(StatusKeys.COLLECT_MEMORY_WAITS, new BsonInt64(collectCounters.memoryWaits())));
    }

    private BsonDocument failed() {
        BsonDocument failed = new BsonDocument();
        for (PartWatch.Failure failure : parts.failures()) {
            failed.append(failure.part().key(), new BsonDocument(StatusKeys.FAILED_REASON, new BsonString(failure.cause()))
                    .append(StatusKeys.COUNT, new BsonInt64(failure.count())));
        }
        return failed;
    }

    private static BsonDocument tally(Tally tally) {
        return new BsonDocument(StatusKeys.LAST, time(tally.last()))
                .append(StatusKeys.COUNT, new BsonInt64(tally.count()));
    }

    private static BsonValue time(double seconds) {
        return Double.isFinite(seconds) ? new BsonDouble(seconds) : BsonNull.VALUE;
    }
}
