package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.CommitCycle;
import ziggy.storage.custody.SourceMarks;

/** A forwarder's batch: every seq once, in order, acknowledged only once durable; damage and refusals counted. */
class BatchIntakeTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final String PEER = "192.0.2.7";

    private final IntakeStats stats = new IntakeStats();
    private final ListStore store = new ListStore();
    private final SourceMarks marks = new SourceMarks(Map.of(), 16);
    private final CommitCycle commits = new CommitCycle(store, marks);
    private final ZContext context = new ZContext(1);
    private final StreamPublisher stream = new StreamPublisher(context, "127.0.0.1", 1 << 16, stats, Thread::new);
    private final Rejections rejections = new Rejections(stats);
    private final BatchIntake<String> batches = new BatchIntake<>(
            new SingleEventIntake<>(new EventDay(ZoneOffset.UTC), store, stream, stats, rejections, TypeLimits.of(16)), marks, commits,
            stats, rejections);

    @AfterEach
    void close() {
        stream.close();
        context.close();
    }

    @Test
    void aBatchsEventsAreStoredInOrderAndAcknowledgedOnlyOnceTheStoreHoldsThemDurably() {
        take("a", 1, events(1, 3));

        assertEquals(List.of(1L, 2L, 3L), storedSeqs());
        assertEquals(0, marks.committed("a"), "taken, not yet durable");
        store.durable = 3;
        commits.onLoopTurn(NOW);
        assertEquals(3, marks.committed("a"));
        assertEquals(1, stats.batches.get());
        assertEquals(3, stats.batchEvents.get());
    }

    @Test
    void aResendOfSeqsAlreadyTakenIsCountedAndDropped() {
        take("a", 1, events(1, 3));
        take("a", 2, events(2, 4));

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), storedSeqs());
        assertEquals(2, stats.duplicateEvents.get());
    }

    @Test
    void seqsASourceSkippedAreCounted() {
        take("a", 1, events(1, 2));
        take("a", 6, events(6, 1));

        assertEquals(3, stats.skippedSeqs.get());
    }

    @Test
    void aBatchTheStoreCannotNoteIsRefusedWholeAndLaterOnesWaitForItsResend() {
        store.notesBatches = false;
        take("a", 1, events(1, 2));
        assertEquals(0, store.appended.size());

        store.notesBatches = true;
        take("a", 3, events(3, 2));
        assertEquals(0, store.appended.size(), "3.. would acknowledge 1..2, which this master never took");
        assertEquals(1, stats.batchesAwaitingResend.get());

        take("a", 1, events(1, 4));
        assertEquals(List.of(1L, 2L, 3L, 4L), storedSeqs());
    }

    @Test
    void anEventThatDoesNotFitTheFrameEndsTheBatchAndItsSeqsAreTakenAllTheSame() {
        byte[] frame = concat(events(1, 1), new byte[] {40, 0, 0});

        take("a", 1, 3, frame);

        assertEquals(List.of(1L), storedSeqs());
        assertEquals(1, stats.rejected(RejectReason.BAD_BATCH).get());
        assertEquals(3, marks.source("a").taken(), "sending 2..3 again would bring the same damage");
    }

    @Test
    void bytesAfterTheLastEventAreRejectedAndTheEventsKept() {
        take("a", 1, 2, concat(events(1, 2), new byte[] {1, 2}));

        assertEquals(List.of(1L, 2L), storedSeqs());
        assertEquals(1, stats.rejected(RejectReason.BAD_BATCH).get());
    }

    @Test
    void anythingButTwoFramesIsABadMultipartMessage() {
        byte[] one = events(1, 1);
        batches.take(ByteBuffer.wrap(concat(one, one, one)), new int[] {0, one.length, 2 * one.length},
                new int[] {one.length, one.length, one.length}, 3, PEER, null, NOW);

        assertEquals(1, stats.rejected(RejectReason.BAD_MULTIPART).get());
        assertEquals(0, store.appended.size());
    }

    @Test
    void aHeaderThatDoesNotDecodeRejectsTheBatch() {
        byte[] events = events(1, 1);
        byte[] frames = concat(new byte[] {1, 2, 3}, events);
        batches.take(ByteBuffer.wrap(frames), new int[] {0, 3}, new int[] {3, events.length}, 2, PEER, null, NOW);

        assertEquals(1, stats.rejected(RejectReason.BAD_BATCH).get());
        assertTrue(store.appended.isEmpty());
    }

    @Test
    void anEventLargerThanTheStoreEverTakesIsRefusedForGoodAndTheBatchGoesOnPastIt() {
        byte[] small = events(1, 1);
        store.largestEvent = small.length;
        BatchIntake<String> intake = new BatchIntake<>(new SingleEventIntake<>(new EventDay(ZoneOffset.UTC), store, stream,
                stats, rejections, TypeLimits.of(16)), marks, commits, stats, rejections);
        byte[] large = ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                .append("start", new BsonDouble(1_763_900_000)).append("seq", new BsonInt64(2))
                .append("body", new BsonString("x".repeat(100))));
        byte[] events = concat(small, large, events(3, 1));
        byte[] header = new BatchHeader("a", 1, 3).encode();
        intake.take(ByteBuffer.wrap(concat(header, events)), new int[] {0, header.length},
                new int[] {header.length, events.length}, 2, PEER, null, NOW);

        assertEquals(List.of(1L, 3L), storedSeqs());
        assertEquals(1, stats.rejected(RejectReason.TOO_LARGE_TO_QUEUE).get());
        store.durable = 2;
        commits.onLoopTurn(NOW);
        assertEquals(3, marks.committed("a"), "the refused seq is acknowledged with the others: it never comes again");
    }

    @Test
    void pastTheMaximumNumberOfSourcesANewSourcesBatchIsRefused() {
        SourceMarks full = new SourceMarks(Map.of("a", 1L), 1);
        BatchIntake<String> intake = new BatchIntake<>(new SingleEventIntake<>(new EventDay(ZoneOffset.UTC), store, stream,
                stats, rejections, TypeLimits.of(16)), full, new CommitCycle(store, full), stats, rejections);
        byte[] header = new BatchHeader("b", 1, 1).encode();
        byte[] events = events(1, 1);
        intake.take(ByteBuffer.wrap(concat(header, events)), new int[] {0, header.length},
                new int[] {header.length, events.length}, 2, PEER, null, NOW);

        assertEquals(1, stats.rejected(RejectReason.TOO_MANY_SOURCES).get());
        assertTrue(store.appended.isEmpty());
    }

    private void take(String source, long firstSeq, byte[] events) {
        take(source, firstSeq, countOf(events), events);
    }

    private void take(String source, long firstSeq, int count, byte[] events) {
        byte[] header = new BatchHeader(source, firstSeq, count).encode();
        batches.take(ByteBuffer.wrap(concat(header, events)), new int[] {0, header.length},
                new int[] {header.length, events.length}, 2, PEER, null, NOW);
    }

    private List<Long> storedSeqs() {
        return store.appended.stream()
                .map(event -> new RawBsonDocument(event.bytes()).getInt64("seq").getValue()).toList();
    }

    /** {@code count} events end to end, each carrying its seq from {@code firstSeq}. */
    private static byte[] events(long firstSeq, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            out.writeBytes(ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                    .append("start", new BsonDouble(1_763_900_000)).append("seq", new BsonInt64(seq))));
        }
        return out.toByteArray();
    }

    private static int countOf(byte[] events) {
        int count = 0;
        for (int at = 0; at < events.length; count++) {
            at += ByteBuffer.wrap(events, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        return count;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
