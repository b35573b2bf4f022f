package ziggy.daemon.collect;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stats.Tally;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.event.ScannedEvent;
import ziggy.protocol.layout.EventDay;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.custody.CommitCycle;
import ziggy.storage.custody.EventStore;
import ziggy.storage.custody.SourceMarks;
import ziggy.zmtp.MessageHandler;

/**
 * Takes in what the collect endpoint ({@link ziggy.zmtp.ZmtpPullServer}) receives, on its I/O thread: a
 * single frame is one event, scanned, counted per type and host, appended to the {@link EventStore}
 * (day files or queue) and offered to the stream. Two frames are a forwarder's batch ({@link BatchHeader},
 * then its events end to end): each event whose seq its source has not sent before is taken the same
 * way, and {@link SourceMarks} acknowledge it once the store holds it durably ({@link CommitCycle}). Other shapes are
 * rejected and counted. The store writes on loop turns.
 *
 * @param <T> what the store keeps per type
 */
public final class EventIntake<T> implements MessageHandler, AutoCloseable {
    private static final Logger LOG = System.getLogger(EventIntake.class.getName());
    /**
     * Distinct types since the start. Each is a file a day and a STATUS entry, so a client inventing
     * names must not grow them without bound; real deployments have tens.
     */
    public static final int MAX_TYPES = 10_000;
    /** Forwarding sources tracked; each is a few dozen bytes and a line of the commit journal. */
    public static final int MAX_SOURCES = 10_000;
    /** What {@link #take} returns for an event rejected for what it is, and for one the store could not take. */
    private static final long REJECTED = -1;
    private static final long NOT_STORED = -2;

    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent event = new ScannedEvent();
    private final ByteKeyTable<TypeState<T>> types = new ByteKeyTable<>();
    private final ByteKeyTable<Tally> hosts = new ByteKeyTable<>();
    private final EventDay eventDay;
    private final EventStore<T> store;
    private final StreamPublisher stream;
    private final IntakeStats stats;
    private final SourceMarks marks;
    private final int maxTypes;
    private final RateLimitedLog rejectLog = new RateLimitedLog(LOG);
    private Tally unknownHost;
    private Tally otherHosts;
    private final CommitCycle commits;
    private long loopNanos = System.nanoTime();

    /** {@code maxTypes} is {@link #MAX_TYPES} but in tests. */
    public EventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, IntakeStats stats, SourceMarks marks,
                       int maxTypes) {
        this.maxTypes = maxTypes;
        this.eventDay = eventDay;
        this.store = store;
        this.stream = stream;
        this.stats = stats;
        this.marks = marks;
        this.commits = new CommitCycle(store, marks);
        stats.sources.set(marks.size());
    }

    @Override
    public void onMessage(ByteBuffer buffer, int offset, int length) {
        take(buffer, offset, length);
    }

    /**
     * Scans one event and, when it is good, appends and publishes it.
     *
     * @return its store position; {@link #REJECTED} when it was rejected for what it is (counted), or
     *         {@link #NOT_STORED} when the store could not take it (counted by the store)
     */
    private long take(ByteBuffer buffer, int offset, int length) {
        if (!scanner.scan(buffer, offset, length, event)) {
            reject(event.reason(), length);
            return REJECTED;
        }
        long receiveMillis = System.currentTimeMillis();
        double eventTime = Double.isFinite(event.end()) ? event.end() : event.start();
        TypeState<T> type = typeOf(buffer);
        if (type == null) {
            reject(RejectReason.TOO_MANY_TYPES, length);
            return REJECTED;
        }
        long position = store.append(type.perType, eventDay.dayOf(event.start(), receiveMillis), buffer, offset, length, loopNanos);
        if (position < 0) {
            return NOT_STORED;
        }
        type.tally.record(eventTime);
        hostOf(buffer).record(eventTime);
        stats.taken(length, receiveMillis / 1000.0, eventTime);
        stream.offer(type.name, buffer, offset, length);
        return position;
    }

    /** The state of the event's type, made on its first event; null past the maximum number of types. */
    private TypeState<T> typeOf(ByteBuffer buffer) {
        TypeState<T> type = types.get(buffer, event.typeOffset(), event.typeLength());
        if (type == null) {
            if (types.size() >= maxTypes) {
                return null;
            }
            byte[] name = bytes(buffer, event.typeOffset(), event.typeLength());
            String text = new String(name, StandardCharsets.US_ASCII);
            type = new TypeState<>(name, store.perType(text), stats.newType(text));
            types.put(name, type);
            LOG.log(Level.DEBUG, () -> "first event of type " + text);
        }
        return type;
    }

    private Tally hostOf(ByteBuffer buffer) {
        if (!event.hasHost()) {
            if (unknownHost == null) {
                unknownHost = stats.newHost(StatusKeys.UNKNOWN_HOST);
            }
            return unknownHost;
        }
        if (event.hostLength() > StatusKeys.MAX_HOST_BYTES) {
            // No host is named so: kept, 4,096 such names of up to 16 MiB each would fill the heap and STATUS.
            return otherHosts();
        }
        Tally host = hosts.get(buffer, event.hostOffset(), event.hostLength());
        if (host != null) {
            return host;
        }
        if (hosts.size() >= StatusKeys.MAX_HOSTS) {
            if (otherHosts == null) {
                LOG.log(Level.WARNING, StatusKeys.MAX_HOSTS + " hosts known; further hosts count under '"
                        + StatusKeys.OTHER_HOSTS + "'");
            }
            return otherHosts();
        }
        byte[] name = bytes(buffer, event.hostOffset(), event.hostLength());
        host = stats.newHost(new String(name, StandardCharsets.UTF_8));
        hosts.put(name, host);
        return host;
    }

    private Tally otherHosts() {
        if (otherHosts == null) {
            otherHosts = stats.newHost(StatusKeys.OTHER_HOSTS);
        }
        return otherHosts;
    }

    private static byte[] bytes(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }

    @Override
    public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
        if (frameCount != 2) {
            long total = 0;
            for (int i = 0; i < frameCount; i++) {
                total += lengths[i];
            }
            reject(RejectReason.BAD_MULTIPART, total);
            return;
        }
        BatchHeader header;
        try {
            byte[] headerBytes = new byte[lengths[0]];
            buffer.get(offsets[0], headerBytes);
            header = BatchHeader.decode(headerBytes);
        } catch (IllegalArgumentException e) {
            rejectBatch(lengths[0] + (long) lengths[1], "its header: " + e.getMessage());
            return;
        }
        SourceMarks.Source source = marks.source(header.source());
        if (source == null) {
            reject(RejectReason.TOO_MANY_SOURCES, lengths[1]);
            return;
        }
        stats.sources.set(marks.size());
        stats.batches.increment();
        takeBatch(header, source, buffer, offsets[1], lengths[1]);
    }

    /**
     * Takes the batch's events in order, each whose seq is past what its source already sent. A batch that
     * does not hold exactly n documents end to end keeps its good events before the damage, and its seqs are
     * marked taken all the same: sending it again would bring the same damage.
     */
    private void takeBatch(BatchHeader header, SourceMarks.Source source, ByteBuffer buffer, int offset, int length) {
        long first = header.firstSeq();
        if (marks.awaitsResend(source, first, loopNanos)) {
            stats.batchesAwaitingResend.increment();
            return;
        }
        if (!commits.beforeBatchEvents()) {
            marks.declined(source, loopNanos);
            return;
        }
        if (first > source.taken() + 1) {
            stats.skippedSeqs.add(first - source.taken() - 1);
        }
        int position = offset;
        int end = offset + length;
        long lastPosition = -1;
        for (int i = 0; i < header.count(); i++) {
            long seq = first + i;
            int remaining = end - position;
            int eventLength = remaining >= 4 ? littleEndianInt(buffer, position) : -1;
            if (eventLength < 5 || eventLength > remaining) {
                rejectBatch(remaining, "event " + i + " of " + header.count() + " from " + header.source()
                        + " does not fit in the events frame");
                markTaken(source, first + header.count() - 1, lastPosition);
                return;
            }
            if (seq <= source.taken()) {
                stats.duplicateEvents.increment();
            } else {
                long stored = take(buffer, position, eventLength);
                if (stored == NOT_STORED) {
                    // Not marked: the source sends it again once this store can take it.
                    marks.declined(source, loopNanos);
                    return;
                }
                stats.batchEvents.increment();
                // Per event, not per batch: a relay's queue may be durable part way into a batch, and the
                // marks it persists must cover every seq its readers may then see.
                markTaken(source, seq, stored >= 0 ? stored : lastPosition);
                if (stored >= 0) {
                    lastPosition = stored;
                }
            }
            position += eventLength;
        }
        if (position != end) {
            rejectBatch(end - position, (end - position) + " bytes after the " + header.count() + " events of a batch from "
                    + header.source());
        }
    }

    /** BSON's int32, read without touching the shared buffer's byte order. */
    private static int littleEndianInt(ByteBuffer buffer, int at) {
        return (buffer.get(at) & 0xFF) | (buffer.get(at + 1) & 0xFF) << 8 | (buffer.get(at + 2) & 0xFF) << 16
                | (buffer.get(at + 3) & 0xFF) << 24;
    }

    private void markTaken(SourceMarks.Source source, long seq, long storePosition) {
        if (seq > source.taken()) {
            // A rejected event with nothing stored before it in this batch is durable at once (position 0).
            marks.taken(source, seq, Math.max(0, storePosition));
        }
    }

    private void rejectBatch(long bytes, String why) {
        stats.rejected(RejectReason.BAD_BATCH).increment();
        if (rejectLog.shouldLog(RejectReason.BAD_BATCH)) {
            rejectLog.log(Level.WARNING, RejectReason.BAD_BATCH, "rejected " + bytes + " bytes of a batch: " + why);
        }
    }

    @Override
    public void onOversizedMessage(long messageBytes) {
        reject(RejectReason.OVERSIZED, messageBytes);
    }

    private void reject(RejectReason reason, long bytes) {
        stats.rejected(reason).increment();
        if (rejectLog.shouldLog(reason)) {
            rejectLog.log(Level.WARNING, reason, "rejected a message of " + bytes + " bytes: "
                    + reason.wireName() + detail(reason));
        }
    }

    private static String detail(RejectReason reason) {
        switch (reason) {
            case BAD_MULTIPART:
                return " (an event is one frame, a forwarder batch two)";
            case TOO_MANY_SOURCES:
                return " (the maximum number of forwarding sources is known; batches of new sources are refused)";
            case OVERSIZED:
                return " (over --max-message-bytes)";
            case BAD_TYPE_NAME:
                return " (type must be 1-200 of [A-Za-z0-9_.-], no leading, trailing or double dot)";
            case TOO_MANY_TYPES:
                return " (the maximum number of types is known; events of new types are refused)";
            default:
                return "";
        }
    }

    @Override
    public void onLoopTurn(long nanoTime) {
        loopNanos = nanoTime;
        commits.onLoopTurn(nanoTime);
    }

    /** On the I/O thread, after its last message: writes and closes the store, and commits what it holds. */
    @Override
    public void close() {
        commits.close(loopNanos);
    }
}
