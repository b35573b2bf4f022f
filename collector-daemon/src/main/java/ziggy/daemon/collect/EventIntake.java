package ziggy.daemon.collect;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.zeromq.ZMQ;

import ziggy.daemon.stats.IntakeStats;
import ziggy.processors.EventSink;
import ziggy.processors.ProcessorChain;
import ziggy.processors.ProcessorStats;
import ziggy.daemon.stdout.StdoutSink;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.CommitCycle;
import ziggy.storage.custody.EventStore;
import ziggy.storage.custody.SourceMarks;
import ziggy.zmtp.MessageHandler;
import ziggy.zmtp.PeerAddress;

/**
 * Takes in what the collect endpoint ({@link ziggy.zmtp.ZmtpPullServer}) receives, on its I/O thread, and
 * hands each shape of message to the piece that knows it: a single frame is one event
 * ({@link SingleEventIntake}: scanned, counted per type and host, appended to the {@link EventStore} and
 * offered to the stream); two frames are a forwarder's batch ({@link BatchIntake}: a {@link BatchHeader},
 * then its events, acknowledged through the {@link SourceMarks}); anything oversized is rejected and
 * counted ({@link Rejections}). Each loop turn runs the {@link CommitCycle}: the store writes what is due,
 * and marks become acknowledgements once durable.
 *
 * @param <T> what the store keeps per type
 */
public final class EventIntake<T> implements MessageHandler, AutoCloseable {
    /**
     * Distinct types since the start. Each is a file a day and a STATUS entry, so a client inventing
     * names must not grow them without bound; real deployments have tens.
     */
    public static final int MAX_TYPES = 10_000;
    /**
     * Forwarding sources tracked; each is a few dozen bytes and a line of the commit journal. Those that send
     * nothing for the source expiry ({@code --source-expiry}) are forgotten, which makes room for new ones.
     */
    public static final int MAX_SOURCES = 10_000;
    private static final Logger LOG = System.getLogger(EventIntake.class.getName());
    /** The hand-off's bounds: a few turns' worth of events, and memory the daemon can spare whatever their size. */
    static final int HAND_OFF_EVENTS = 16_384;
    static final long HAND_OFF_BYTES = 32L * 1024 * 1024;
    /** The Kafka consumer's hand-off: a few polls' worth, the rest waits in Kafka, which keeps it anyway. */
    static final int CONSUMED_RECORDS = 4096;
    static final long CONSUMED_BYTES = 8L * 1024 * 1024;

    private final Rejections rejections;
    private final SingleEventIntake<T> events;
    private final BatchIntake<T> batches;
    private final CommitCycle commits;
    /** Events made by other threads of the daemon (Python logging records), taken here as single frames. */
    private final EventHandOff<byte[]> handOff = EventHandOff.ofEvents(HAND_OFF_EVENTS, HAND_OFF_BYTES);
    private final SourceMarks marks;
    private final IntakeStats stats;
    /** Records of {@code --collect-kafka}, and the intake that takes them; null without it. */
    private EventHandOff<ConsumedRecord> consumed;
    private ConsumedRecordIntake<T> consumedIntake;
    private long loopNanos = System.nanoTime();
    /** The address of the connection whose messages come now ({@code PeerAddress}), as the endpoint gave it. */
    private String peerAddress = PeerAddress.UNKNOWN;
    /** The CURVE key of the connection whose messages come now, as the endpoint gave it, and in Z85; null without. */
    private byte[] peerKey;
    private String peerKeyText;

    /** {@code typeLimits}: at most {@link #MAX_TYPES} in all but in tests. Nothing goes to stdout. */
    public EventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, IntakeStats stats, SourceMarks marks,
                       TypeLimits typeLimits) {
        this(eventDay, store, stream, StdoutSink.off(), stats, marks, typeLimits);
    }

    /** As above, also offering each event taken in to {@code stdout} ({@code --stdout}, off or on). */
    public EventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, StdoutSink stdout, IntakeStats stats,
                       SourceMarks marks, TypeLimits typeLimits) {
        this.rejections = new Rejections(stats);
        this.events = new SingleEventIntake<>(eventDay, store, stream, stdout, stats, rejections, typeLimits);
        this.commits = new CommitCycle(store, marks);
        this.marks = marks;
        this.stats = stats;
        this.batches = new BatchIntake<>(events, marks, commits, stats, rejections);
    }

    @Override
    public void onMessage(ByteBuffer buffer, int offset, int length) {
        events.take(buffer, offset, length, loopNanos);
    }

    @Override
    public void fromPeer(String address, byte[] curveClientKey) {
        peerAddress = address;
        events.fromPeer(address);
        if (curveClientKey != peerKey) {
            peerKey = curveClientKey;
            peerKeyText = curveClientKey == null ? null : ZMQ.Curve.z85Encode(curveClientKey);
        }
    }

    @Override
    public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
        batches.take(buffer, offsets, lengths, frameCount, peerAddress, peerKeyText, loopNanos);
    }

    @Override
    public void onOversizedMessage(long messageBytes) {
        rejections.message(RejectReason.OVERSIZED, messageBytes);
    }

    @Override
    public void onLoopTurn(long nanoTime) {
        loopNanos = nanoTime;
        // What follows is the daemon's own: until the next read says its peer again.
        events.fromPeer(SingleEventIntake.LOCAL);
        handOff.drain(EventHandOff.MAX_PER_TURN, this::takeHandedOff);
        if (consumed != null) {
            consumed.drain(EventHandOff.MAX_PER_TURN, this::takeConsumed);
        }
        events.onLoopTurn(nanoTime);
        int forgotten = marks.expireIdle(nanoTime);
        if (forgotten > 0) {
            commits.marksChangedWithoutWrite();
        }
        commits.onLoopTurn(nanoTime);
        if (forgotten > 0) {
            forgot(forgotten);
        }
    }

    /**
     * Idle sources were forgotten, and their marks committed without them in this turn when it was safe (else at
     * the next safe one): counted and logged after that commit, so that STATUS does not tell of a table the journal
     * does not hold yet (a kill -9 on seeing it would bring them back).
     */
    private void forgot(int sources) {
        stats.sourcesExpired.add(sources);
        stats.sources.set(marks.size());
        LOG.log(Level.INFO, "forgot the marks of " + sources + " source(s) that sent nothing for the source expiry; "
                + marks.size() + " remain");
    }

    /** Where a processor chain for this intake sends what comes out of it; give it to {@link ProcessorChain#build}. */
    public EventSink chainSink() {
        return events::fromChain;
    }

    /**
     * Runs every event through {@code chain} (built with {@link #chainSink()}; null: no processors) from the
     * collect loop's next turn on; from any thread. The chain it replaces is closed then.
     */
    public void useChain(ProcessorChain chain) {
        events.replaceChain(chain);
    }

    /**
     * As {@link #useChain}, and returns once the collect thread has taken the chain up (it is woken with
     * {@code wakeCollectThread}), so that every event received after this returns goes through it; false
     * when that took longer than {@code limit} (the chain is taken up all the same, a little later).
     */
    public boolean swapChain(ProcessorChain chain, Runnable wakeCollectThread, Duration limit) {
        long asked = events.replaceChain(chain);
        wakeCollectThread.run();
        long deadline = System.nanoTime() + limit.toNanos();
        while (!events.chainTakenUp(asked)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /** The latest {@code ziggy.summary} body of each summarized type, for STATUS; from any thread. */
    public LatestSummaries latestSummaries() {
        return events.summaries();
    }

    /** The processors' counters in chain order, for STATUS; from any thread. */
    public List<ProcessorStats> processorStats() {
        return events.processorStats();
    }

    /** Where other threads leave events for this intake; each is taken as a client's single frame would be. */
    public EventHandOff<byte[]> handOff() {
        return handOff;
    }

    /**
     * Where a Kafka consumer leaves the records it reads, taken here as a forwarder's batch events are
     * ({@link ConsumedRecordIntake}); made on the first call, which comes before the collect thread starts.
     */
    public EventHandOff<ConsumedRecord> consumedRecords(ConsumedPartitions partitions) {
        if (consumed == null) {
            consumedIntake = new ConsumedRecordIntake<>(events, marks, commits, stats, rejections, partitions);
            consumed = new EventHandOff<>(CONSUMED_RECORDS, CONSUMED_BYTES, ConsumedRecord::heldBytes);
        }
        return consumed;
    }

    private void takeConsumed(ConsumedRecord record) {
        consumedIntake.take(record, loopNanos);
    }

    private void takeHandedOff(byte[] event) {
        events.take(ByteBuffer.wrap(event), 0, event.length, loopNanos);
    }

    /**
     * On the I/O thread, after its last message: takes what is left in the hand-off (its producers are
     * stopped first), writes and closes the store, and commits what it holds.
     */
    @Override
    public void close() {
        events.fromPeer(SingleEventIntake.LOCAL);
        handOff.drain(Integer.MAX_VALUE, this::takeHandedOff);
        if (consumed != null) {
            consumed.drain(Integer.MAX_VALUE, this::takeConsumed);
        }
        events.closeChain();
        commits.close(loopNanos);
    }
}
