package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.zeromq.ZContext;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.storage.custody.SourceMarks;
import ziggy.storage.io.FaultyFileIo;
import ziggy.storage.io.FileIo;

/**
 * One life of a collecting daemon under a fault, then its restart, as a forwarder sees them: batches
 * (and a plain client's events between them) go to the first life over a {@link FaultyFileIo}; the
 * second life starts on the real file system from what the first left, the forwarder sends again from
 * what was acknowledged; then every batch event must be stored exactly once (nothing acknowledged lost,
 * nothing written twice) and every plain event at most once.
 */
public final class CrashAndResend {
    public static final String SOURCE = "agent-1";
    private static final int EVENTS = 40;
    private static final int BATCH = 4;
    private static final long TURN_NANOS = 250_000_000L;

    /** A daemon's intake over its store, as a start recovers it. */
    public interface Life {
        EventIntake<?> intake();

        SourceMarks marks();

        /** After the intake closed, or after a crash: lets go of the files (a crashed one persists nothing more). */
        void release();
    }

    /** Starts a life over a file system. */
    public interface Start {
        Life over(FileIo io) throws Exception;
    }

    private CrashAndResend() {
    }

    /** Runs both lives; {@code copies} then counts each stored id. */
    public static void check(FaultyFileIo io, Start start, CopyCount copies) throws Exception {
        long acknowledged = 0;
        long now = System.nanoTime();
        Life first;
        try {
            first = start.over(io);
        } catch (Exception e) {
            first = null; // a start that fails on the fault says so and stores nothing; the next one must work
        }
        if (first != null) {
            for (long seq = 1; seq <= EVENTS; seq += BATCH) {
                IntakeFeed.batch(first.intake(), SOURCE, seq, BATCH);
                IntakeFeed.single(first.intake(), "plain-" + seq);
                now += TURN_NANOS;
                first.intake().onLoopTurn(now);
                if (!io.crashed()) {
                    acknowledged = Math.max(acknowledged, first.marks().committed(SOURCE));
                }
            }
            if (!io.crashed()) {
                first.intake().close();
                acknowledged = Math.max(acknowledged, first.marks().committed(SOURCE));
            }
            first.release();
        }

        Life second = start.over(FileIo.SYSTEM);
        long committed = second.marks().committed(SOURCE);
        assertTrue(committed >= acknowledged, "acknowledged " + acknowledged + ", recovered " + committed);
        // The forwarder holds everything past what was acknowledged to it, and sends again from there.
        for (long seq = Math.max(acknowledged, committed) + 1; seq <= EVENTS; seq += BATCH) {
            IntakeFeed.batch(second.intake(), SOURCE, seq, (int) Math.min(BATCH, EVENTS - seq + 1));
            now += TURN_NANOS;
            second.intake().onLoopTurn(now);
        }
        second.intake().close();
        Map<String, Integer> stored;
        try {
            stored = copies.count();
        } finally {
            second.release();
        }
        for (long seq = 1; seq <= EVENTS; seq++) {
            assertEquals(1, stored.getOrDefault("batch-" + seq, 0), "copies of batch event " + seq + " in " + stored);
        }
        stored.forEach((id, count) -> assertEquals(1, count, "copies of " + id));
    }

    /** A live stream for the intakes of a sweep: one for all its runs, since binding one per run costs a port and a thread. */
    public static final class SharedStream implements AutoCloseable, AfterAllCallback {
        private final ZContext context = new ZContext(1);
        private final StreamPublisher publisher = new StreamPublisher(context, "127.0.0.1", 1 << 16, new IntakeStats(),
                Thread::new);

        public StreamPublisher publisher() {
            return publisher;
        }

        @Override
        public void close() {
            publisher.close();
            context.close();
        }

        /** Closed after the class's last test when registered with {@code @RegisterExtension}. */
        @Override
        public void afterAll(ExtensionContext extension) {
            close();
        }
    }

    /** Counts each id the second life's store holds, before it is released. */
    public interface CopyCount {
        Map<String, Integer> count() throws Exception;
    }
}
