package ziggy.daemon.collect;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stdout.StdoutSink;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.event.ScannedEvent;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.EventStore;

/**
 * One event, whether a plain client's single frame or one of a forwarder's batch: scanned, its type
 * found by its bytes (made on its first event, up to a maximum number of types), appended to the
 * {@link EventStore} in the file of its day, counted per type and host, and offered to the stream and to
 * stdout ({@link StdoutSink}, one volatile read while {@code --stdout} is off).
 *
 * <p>Per event, no object is made, no system call is made, no lock is taken. Collect thread only.
 *
 * @param <T> what the store keeps per type
 */
final class SingleEventIntake<T> {
    /** The event was rejected for what it is (counted under its reason). */
    static final long REJECTED = -1;
    /** The store could not take the event (counted by the store). */
    static final long NOT_STORED = -2;
    /** The intake's logger: what the collect path logs stays under one name however its classes are cut. */
    private static final Logger LOG = System.getLogger(EventIntake.class.getName());

    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent event = new ScannedEvent();
    private final ByteKeyTable<TypeState<T>> types = new ByteKeyTable<>();
    private final EventDay eventDay;
    private final EventStore<T> store;
    private final StreamPublisher stream;
    private final StdoutSink stdout;
    private final IntakeStats stats;
    private final HostTallies hosts;
    private final Rejections rejections;
    private final int maxTypes;

    /** Nothing to stdout. */
    SingleEventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, IntakeStats stats,
                      Rejections rejections, int maxTypes) {
        this(eventDay, store, stream, StdoutSink.off(), stats, rejections, maxTypes);
    }

    SingleEventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, StdoutSink stdout, IntakeStats stats,
                      Rejections rejections, int maxTypes) {
        this.eventDay = eventDay;
        this.store = store;
        this.stream = stream;
        this.stdout = stdout;
        this.stats = stats;
        this.hosts = new HostTallies(stats);
        this.rejections = rejections;
        this.maxTypes = maxTypes;
    }

    /**
     * Scans the event in {@code buffer[offset, offset + length)} and, when it is good, appends and publishes it;
     * {@code nanoTime} is the collect loop's clock.
     *
     * @return its store position; {@link #REJECTED} when it was rejected for what it is, or
     *         {@link #NOT_STORED} when the store could not take it
     */
    long take(ByteBuffer buffer, int offset, int length, long nanoTime) {
        if (!scanner.scan(buffer, offset, length, event)) {
            rejections.message(event.reason(), length);
            return REJECTED;
        }
        long receiveMillis = System.currentTimeMillis();
        double eventTime = Double.isFinite(event.end()) ? event.end() : event.start();
        TypeState<T> type = typeOf(buffer);
        if (type == null) {
            rejections.message(RejectReason.TOO_MANY_TYPES, length);
            return REJECTED;
        }
        long position = store.append(type.perType, eventDay.dayOf(event.start(), receiveMillis), buffer, offset, length, nanoTime);
        if (position < 0) {
            return NOT_STORED;
        }
        type.tally.record(eventTime);
        hosts.of(buffer, event).record(eventTime);
        stats.taken(length, receiveMillis / 1000.0, eventTime);
        stream.offer(type.name, buffer, offset, length);
        stdout.offer(type.name, buffer, offset, length);
        return position;
    }

    /** The state of the event's type, made on its first event; null past the maximum number of types. */
    private TypeState<T> typeOf(ByteBuffer buffer) {
        TypeState<T> type = types.get(buffer, event.typeOffset(), event.typeLength());
        if (type == null) {
            if (types.size() >= maxTypes) {
                return null;
            }
            byte[] name = new byte[event.typeLength()];
            buffer.get(event.typeOffset(), name);
            String text = new String(name, StandardCharsets.US_ASCII);
            type = new TypeState<>(name, store.perType(text), stats.newType(text));
            types.put(name, type);
            LOG.log(Level.DEBUG, () -> "first event of type " + text);
        }
        return type;
    }
}
