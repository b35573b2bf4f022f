package ziggy.daemon.collect;

import java.nio.ByteBuffer;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stdout.StdoutSink;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.CommitCycle;
import ziggy.storage.custody.EventStore;
import ziggy.storage.custody.SourceMarks;
import ziggy.zmtp.MessageHandler;

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
    /** Forwarding sources tracked; each is a few dozen bytes and a line of the commit journal. */
    public static final int MAX_SOURCES = 10_000;

    private final Rejections rejections;
    private final SingleEventIntake<T> events;
    private final BatchIntake<T> batches;
    private final CommitCycle commits;
    private long loopNanos = System.nanoTime();

    /** {@code maxTypes} is {@link #MAX_TYPES} but in tests. Nothing goes to stdout. */
    public EventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, IntakeStats stats, SourceMarks marks,
                       int maxTypes) {
        this(eventDay, store, stream, StdoutSink.off(), stats, marks, maxTypes);
    }

    /** As above, also offering each event taken in to {@code stdout} ({@code --stdout}, off or on). */
    public EventIntake(EventDay eventDay, EventStore<T> store, StreamPublisher stream, StdoutSink stdout, IntakeStats stats,
                       SourceMarks marks, int maxTypes) {
        this.rejections = new Rejections(stats);
        this.events = new SingleEventIntake<>(eventDay, store, stream, stdout, stats, rejections, maxTypes);
        this.commits = new CommitCycle(store, marks);
        this.batches = new BatchIntake<>(events, marks, commits, stats, rejections);
    }

    @Override
    public void onMessage(ByteBuffer buffer, int offset, int length) {
        events.take(buffer, offset, length, loopNanos);
    }

    @Override
    public void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount) {
        batches.take(buffer, offsets, lengths, frameCount, loopNanos);
    }

    @Override
    public void onOversizedMessage(long messageBytes) {
        rejections.message(RejectReason.OVERSIZED, messageBytes);
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
