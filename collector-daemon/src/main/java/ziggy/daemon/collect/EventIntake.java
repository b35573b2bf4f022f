package ziggy.daemon.collect;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import ziggy.daemon.files.DayFileWriter;
import ziggy.daemon.logging.RateLimitedLog;
import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stats.Tally;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.event.ScannedEvent;
import ziggy.protocol.layout.EventDay;
import ziggy.zmtp.MessageHandler;

/**
 * Takes in what the collect endpoint ({@link ziggy.zmtp.ZmtpPullServer}) receives, on its I/O thread: a single frame is one event,
 * scanned, counted per type and host, appended to its day file and offered to the stream. Other
 * shapes are rejected and counted. Buffers go to disk on loop turns.
 */
public final class EventIntake implements MessageHandler, AutoCloseable {
    private static final Logger LOG = System.getLogger(EventIntake.class.getName());
    /**
     * Distinct types since the start. Each is a file a day and a STATUS entry, so a client inventing
     * names must not grow them without bound; real deployments have tens.
     */
    public static final int MAX_TYPES = 10_000;

    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent event = new ScannedEvent();
    private final ByteKeyTable<TypeState> types = new ByteKeyTable<>();
    private final ByteKeyTable<Tally> hosts = new ByteKeyTable<>();
    private final EventDay eventDay;
    private final DayFileWriter writer;
    private final StreamPublisher stream;
    private final IntakeStats stats;
    private final int maxTypes;
    private final RateLimitedLog rejectLog = new RateLimitedLog(LOG, RejectReason.values().length);
    private Tally unknownHost;
    private Tally otherHosts;
    private long loopNanos = System.nanoTime();

    /** {@code maxTypes} is {@link #MAX_TYPES} but in tests. */
    public EventIntake(EventDay eventDay, DayFileWriter writer, StreamPublisher stream, IntakeStats stats, int maxTypes) {
        this.maxTypes = maxTypes;
        this.eventDay = eventDay;
        this.writer = writer;
        this.stream = stream;
        this.stats = stats;
    }

    @Override
    public void onMessage(ByteBuffer buffer, int offset, int length) {
        if (!scanner.scan(buffer, offset, length, event)) {
            reject(event.reason(), length);
            return;
        }
        long receiveMillis = System.currentTimeMillis();
        double eventTime = Double.isFinite(event.end()) ? event.end() : event.start();
        TypeState type = typeOf(buffer);
        if (type == null) {
            reject(RejectReason.TOO_MANY_TYPES, length);
            return;
        }
        type.tally.record(eventTime);
        hostOf(buffer).record(eventTime);
        stats.taken(length, receiveMillis / 1000.0, eventTime);
        writer.append(type.files, eventDay.dayOf(event.start(), receiveMillis), buffer, offset, length, loopNanos);
        stream.offer(type.name, buffer, offset, length);
    }

    /** The state of the event's type, made on its first event; null past the maximum number of types. */
    private TypeState typeOf(ByteBuffer buffer) {
        TypeState type = types.get(buffer, event.typeOffset(), event.typeLength());
        if (type == null) {
            if (types.size() >= maxTypes) {
                return null;
            }
            byte[] name = bytes(buffer, event.typeOffset(), event.typeLength());
            String text = new String(name, StandardCharsets.US_ASCII);
            type = new TypeState(name, writer.filesFor(text), stats.newType(text));
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
        Tally host = hosts.get(buffer, event.hostOffset(), event.hostLength());
        if (host != null) {
            return host;
        }
        if (hosts.size() >= StatusKeys.MAX_HOSTS) {
            if (otherHosts == null) {
                otherHosts = stats.newHost(StatusKeys.OTHER_HOSTS);
                LOG.log(Level.WARNING, StatusKeys.MAX_HOSTS + " hosts known; further hosts count under '"
                        + StatusKeys.OTHER_HOSTS + "'");
            }
            return otherHosts;
        }
        byte[] name = bytes(buffer, event.hostOffset(), event.hostLength());
        host = stats.newHost(new String(name, StandardCharsets.UTF_8));
        hosts.put(name, host);
        return host;
    }

    private static byte[] bytes(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }

    @Override
    public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
        long total = 0;
        for (int i = 0; i < frameCount; i++) {
            total += lengths[i];
        }
        reject(RejectReason.BAD_MULTIPART, total);
    }

    @Override
    public void onOversizedMessage(long messageBytes) {
        reject(RejectReason.OVERSIZED, messageBytes);
    }

    private void reject(RejectReason reason, long bytes) {
        stats.rejected(reason).increment();
        long now = System.nanoTime();
        if (rejectLog.shouldLog(reason.ordinal(), now)) {
            rejectLog.log(reason.ordinal(), now, Level.WARNING, "rejected a message of " + bytes + " bytes: "
                    + reason.wireName() + detail(reason));
        }
    }

    private static String detail(RejectReason reason) {
        switch (reason) {
            case BAD_MULTIPART:
                return " (events are single frames; forwarder batches are not taken yet)";
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
        writer.onTick(nanoTime);
    }

    /** On the I/O thread, after its last message: writes and closes every day file. */
    @Override
    public void close() {
        writer.close();
    }
}
