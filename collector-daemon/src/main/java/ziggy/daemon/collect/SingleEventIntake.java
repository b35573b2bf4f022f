package ziggy.daemon.collect;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ziggy.daemon.stats.IntakeStats;
import ziggy.processors.ProcessorChain;
import ziggy.processors.ProcessorStats;
import ziggy.daemon.stdout.StdoutSink;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.event.ScannedEvent;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.EventStore;

/**
 * One event, whether a plain client's single frame or one of a forwarder's batch: run through the
 * processors ({@code --processor}, a {@link ProcessorChain}) when there are any, then scanned, its type
 * found by its bytes (made on its first event, up to a maximum number of types), appended to the
 * {@link EventStore} in the file of its day, counted per type and host, and offered to the stream and to
 * stdout ({@link StdoutSink}, one volatile read while {@code --stdout} is off).
 *
 * <p>Without processors, per event, no object is made, no system call is made, no lock is taken.
 * Collect thread only, but for {@link #replaceChain} and {@link #processorStats}.
 *
 * @param <T> what the store keeps per type
 */
final class SingleEventIntake<T> {
    /** The event was rejected for what it is (counted under its reason). */
    static final long REJECTED = -1;
    /** The store could not take the event (counted by the store). */
    static final long NOT_STORED = -2;
    /** A processor dropped the event (counted by the chain): handled, nothing stored for it. */
    static final long DROPPED = -3;
    /** The peer of the daemon's own intakes (Python logging, Kafka, processors' timers), counted as one. */
    static final String LOCAL = "local";
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
    private final TypeLimits typeLimits;
    /** Per peer, the types first seen from it: at most {@link TypeLimits#most()} entries. */
    private final Map<String, Integer> typesMadeByPeer = new HashMap<>();
    /** Where the events taken now come from ({@link #fromPeer}): a connection's address, or {@link #LOCAL}. */
    private String peer = LOCAL;
    /** The store's {@link EventStore#largestEvent}, read once: it never changes. */
    private final int largestEvent;
    private final LatestSummaries summaries = new LatestSummaries();
    /** The processors in use, or null for none; replaced only on the collect thread ({@link #onLoopTurn}). */
    private ProcessorChain chain;
    /** What {@link #replaceChain} asked for, not yet in use; empty when nothing is asked. */
    private final AtomicReference<Optional<ProcessorChain>> nextChain = new AtomicReference<>();
    /** The chain in use, for STATUS from other threads. */
    private volatile ProcessorChain visibleChain;
    /** Chains asked for by {@link #replaceChain}, and taken up by the collect thread, so far. */
    private final AtomicLong chainsAsked = new AtomicLong();
    private volatile long chainsTakenUp;
    /** The loop clock of the event or tick the chain is running for. */
    private long chainNanos;
    /** What the chain's outputs of the current event became: a store position, {@link #DROPPED} or {@link #NOT_STORED}. */
    private long chainResult;

    /** Nothing to stdout. */
    SingleEventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, IntakeStats stats,
                      Rejections rejections, TypeLimits typeLimits) {
        this(eventDay, store, stream, StdoutSink.off(), stats, rejections, typeLimits);
    }

    SingleEventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, StdoutSink stdout, IntakeStats stats,
                      Rejections rejections, TypeLimits typeLimits) {
        this.eventDay = eventDay;
        this.store = store;
        this.stream = stream;
        this.stdout = stdout;
        this.stats = stats;
        this.hosts = new HostTallies(stats);
        this.rejections = rejections;
        this.typeLimits = typeLimits;
        this.largestEvent = store.largestEvent();
    }

    /** The events taken from now on come from {@code address} ({@code PeerAddress}, or {@link #LOCAL}). */
    void fromPeer(String address) {
        peer = address;
    }

    /**
     * Scans the event in {@code buffer[offset, offset + length)} and, when it is good, appends and publishes it;
     * {@code nanoTime} is the collect loop's clock.
     *
     * @return its store position; {@link #REJECTED} when it was rejected for what it is, or
     *         {@link #NOT_STORED} when the store could not take it
     */
    long take(ByteBuffer buffer, int offset, int length, long nanoTime) {
        if (chain == null) {
            return store(buffer, offset, length, nanoTime);
        }
        // Processors see only events the scanner takes: what a client sends wrong is rejected as without them.
        if (!scanner.scan(buffer, offset, length, event)) {
            rejections.message(event.reason(), length);
            return REJECTED;
        }
        chainNanos = nanoTime;
        chainResult = DROPPED;
        chain.accept(buffer, offset, length);
        return chainResult;
    }

    /**
     * Where the chain hands what comes out of it (the event, its replacement, the events processors emit):
     * stored and published as a client's event is; the event's result is its last stored position, or
     * {@link #NOT_STORED} when the store could not take one of them (a forwarder then sends the batch again).
     */
    void fromChain(ByteBuffer buffer, int offset, int length) {
        long result = store(buffer, offset, length, chainNanos);
        if (result == NOT_STORED || chainResult == NOT_STORED) {
            chainResult = NOT_STORED;
        } else if (result >= 0) {
            chainResult = result;
        }
    }

    /**
     * Uses {@code next} (null: no processors) from the next loop turn on, from any thread: the collect thread
     * takes it between two events, so none is lost, and closes the chain it replaces.
     */
    long replaceChain(ProcessorChain next) {
        // Offered before it is counted: a collect thread that sees the count has the chain to take up.
        Optional<ProcessorChain> unused = nextChain.getAndSet(Optional.ofNullable(next));
        long asked = chainsAsked.incrementAndGet();
        if (unused != null) {
            unused.ifPresent(ProcessorChain::close);
        }
        return asked;
    }

    /** Whether the collect thread has taken up the chain {@link #replaceChain} returned {@code asked} for, or a later one. */
    boolean chainTakenUp(long asked) {
        return chainsTakenUp >= asked;
    }

    /** Takes up a chain given by {@link #replaceChain}, then fires the timers that are due. Collect thread. */
    void onLoopTurn(long nanoTime) {
        long asked = chainsAsked.get();
        Optional<ProcessorChain> next = nextChain.getAndSet(null);
        if (next != null) {
            if (chain != null) {
                chain.close();
            }
            chain = next.orElse(null);
            visibleChain = chain;
        }
        chainsTakenUp = asked;
        if (chain != null) {
            chainNanos = nanoTime;
            chain.onTick(Instant.now());
        }
    }

    /** The latest summary body of each summarized type. */
    LatestSummaries summaries() {
        return summaries;
    }

    /** Each processor's counters, in chain order; empty without processors. */
    List<ProcessorStats> processorStats() {
        ProcessorChain current = visibleChain;
        return current == null ? List.of() : current.stats();
    }

    /** Closes the chain in use, after the last event. Collect thread. */
    void closeChain() {
        replaceChain(null);
        onLoopTurn(System.nanoTime());
    }

    /**
     * An event, scanned, stored and published: the whole path without processors. The type's name is held to
     * its rule only when it is not in the table of types: a name in it was checked on its first event.
     */
    private long store(ByteBuffer buffer, int offset, int length, long nanoTime) {
        if (length > largestEvent) {
            rejections.message(RejectReason.TOO_LARGE_TO_QUEUE, length);
            return REJECTED;
        }
        if (!scanner.scanLeavingTypeName(buffer, offset, length, event)) {
            rejections.message(event.reason(), length);
            return REJECTED;
        }
        TypeState<T> type = types.get(buffer, event.typeOffset(), event.typeLength());
        if (type == null) {
            if (!EventScanner.checkTypeName(buffer, event)) {
                rejections.message(event.reason(), length);
                return REJECTED;
            }
            type = newType(buffer);
            if (type == null) {
                rejections.message(RejectReason.TOO_MANY_TYPES, length);
                return REJECTED;
            }
        }
        long receiveMillis = System.currentTimeMillis();
        double eventTime = Double.isFinite(event.end()) ? event.end() : event.start();
        long position = store.append(type.perType, eventDay.dayOf(event.start(), receiveMillis), buffer, offset, length, nanoTime);
        if (position < 0) {
            return NOT_STORED;
        }
        type.tally.record(eventTime);
        hosts.of(buffer, event).record(eventTime);
        stats.taken(length, receiveMillis / 1000.0, eventTime);
        stream.offer(type.name, buffer, offset, length);
        stdout.offer(type.name, buffer, offset, length);
        if (type.summary) {
            summaries.record(buffer, offset, length);
        }
        return position;
    }

    /** The state of a type on its first event, its name checked; null past the most types, in all or from its peer. */
    private TypeState<T> newType(ByteBuffer buffer) {
        int madeByPeer = typesMadeByPeer.getOrDefault(peer, 0);
        if (types.size() >= typeLimits.most() || madeByPeer >= typeLimits.perPeer()) {
            return null;
        }
        typesMadeByPeer.put(peer, madeByPeer + 1);
        byte[] name = new byte[event.typeLength()];
        buffer.get(event.typeOffset(), name);
        String text = new String(name, StandardCharsets.US_ASCII);
        TypeState<T> type = new TypeState<>(name, store.perType(text), stats.newType(text));
        types.put(name, type);
        LOG.log(Level.DEBUG, () -> "first event of type " + text);
        return type;
    }
}
