package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.CommitCycle;
import ziggy.storage.custody.SourceMarks;

/**
 * Kafka records on the collect thread: each written once, offsets consumed only once durable, an agent's resends
 * dropped per partition, refused records counted and consumed, and a record the store cannot take read again.
 */
class ConsumedRecordIntakeTest {
    private static final long NOW = 1_000_000_000_000L;
    private static final String P0 = "events/0";
    private static final String P1 = "events/1";

    private final IntakeStats stats = new IntakeStats();
    private final ListStore store = new ListStore();
    private final SourceMarks marks = new SourceMarks(Map.of(), 64);
    private final CommitCycle commits = new CommitCycle(store, marks);
    private final ZContext context = new ZContext(1);
    private final StreamPublisher stream = new StreamPublisher(context, "127.0.0.1", 1 << 16, stats, Thread::new);
    private final Rejections rejections = new Rejections(stats);
    private final ConsumedPartitions partitions = new ConsumedPartitions();
    private final ConsumedRecordIntake<String> intake = new ConsumedRecordIntake<>(
            new SingleEventIntake<>(new EventDay(ZoneOffset.UTC), store, stream, stats, rejections, TypeLimits.of(16)), marks, commits,
            stats, rejections, partitions);

    @AfterEach
    void close() {
        stream.close();
        context.close();
    }

    @Test
    void recordsAreWrittenInOrderAndTheirOffsetsConsumedOnlyOnceDurable() {
        take(P0, 0, "a", 1);
        take(P0, 1, "a", 2);
        assertEquals(List.of(1L, 2L), storedSeqs());
        assertEquals(0, nextOffset(P0), "written, not yet durable");

        store.durable = 1;
        commits.onLoopTurn(NOW);
        assertEquals(1, nextOffset(P0), "offset 0 durable, offset 1 not yet");
        store.durable = 2;
        commits.onLoopTurn(NOW);
        assertEquals(2, nextOffset(P0));
        assertEquals(2, partitions.records());
    }

    @Test
    void anAgentsResendInTheSamePartitionIsDroppedButItsSeqsInAnotherPartitionAreNot() {
        // One agent writes to both partitions (keyed by type): its seqs rise within each, not across them.
        take(P0, 0, "a", 1);
        take(P0, 1, "a", 3);
        take(P1, 0, "a", 2);
        take(P1, 1, "a", 4);
        take(P0, 2, "a", 3); // the agent's resend after a restart
        take(P0, 3, "a", 5);

        assertEquals(List.of(1L, 3L, 2L, 4L, 5L), storedSeqs());
        assertEquals(1, stats.duplicateEvents.get());
        store.durable = 5;
        commits.onLoopTurn(NOW);
        assertEquals(4, nextOffset(P0), "the resend's offset is consumed too");
        assertEquals(2, nextOffset(P1));
    }

    @Test
    void recordsWithoutZiggyHeadersAreTakenAsPlainEvents() {
        intake.take(ConsumedRecord.event(P0, 0, 0, event(7), null, 0), NOW);
        intake.take(ConsumedRecord.event(P0, 1, 0, event(7), null, 0), NOW);

        assertEquals(List.of(7L, 7L), storedSeqs(), "no resend check without a source");
    }

    @Test
    void refusedAndMalformedRecordsAreCountedByReasonAndTheirOffsetsConsumed() {
        take(P0, 0, "a", 1);
        store.durable = 1;
        commits.onLoopTurn(NOW);
        intake.take(ConsumedRecord.refused(P0, 1, 0, RejectReason.BAD_KAFKA_HEADERS, 30), NOW);
        intake.take(ConsumedRecord.event(P0, 2, 0, new byte[] {1, 2, 3}, "a", 2), NOW);
        intake.take(ConsumedRecord.event(P0, 3, 0, ControlReplies.encode(new BsonDocument("id", new BsonString("x"))), "a", 3), NOW);

        assertEquals(1, stats.rejected(RejectReason.BAD_KAFKA_HEADERS).get());
        assertEquals(1, stats.rejected(RejectReason.NOT_BSON).get());
        assertEquals(1, stats.rejected(RejectReason.MISSING_TYPE).get());
        assertEquals(List.of(1L), storedSeqs());
        commits.onLoopTurn(NOW);
        store.durable = 1; // nothing more to settle: the next turns commit what the refused records consumed
        commits.onLoopTurn(NOW);
        assertEquals(4, nextOffset(P0));
    }

    @Test
    void aRecordTheStoreCannotTakeIsReadAgainAndLaterOnesOfItsGenerationAreDropped() {
        take(P0, 0, "a", 1);
        store.takes = false;
        take(P0, 1, "a", 2);
        ConsumedPartitions.Rewind rewind = partitions.nextRewind();
        assertEquals(new ConsumedPartitions.Rewind(P0, 1, 1), rewind);
        assertNull(partitions.nextRewind(), "one rewind for the hole, not one per record after it");
        store.takes = true;
        take(P0, 2, "a", 3); // read before the consumer saw the rewind: dropped, it comes again
        assertEquals(1, partitions.superseded());
        assertEquals(List.of(1L), storedSeqs());

        // The consumer seeks back and reads again under the new generation.
        intake.take(ConsumedRecord.event(P0, 1, 1, event(2), "a", 2), NOW);
        intake.take(ConsumedRecord.event(P0, 2, 1, event(3), "a", 3), NOW);
        assertEquals(List.of(1L, 2L, 3L), storedSeqs());
        assertEquals(1, partitions.declined());
    }

    @Test
    void aRecordAlreadyTakenIsNotWrittenAgainAfterASeekBack() {
        take(P0, 0, "a", 1);
        take(P0, 1, null, 0);
        partitions.takeFrom(P0, 1);
        intake.take(ConsumedRecord.event(P0, 0, 1, event(1), "a", 1), NOW);
        intake.take(ConsumedRecord.event(P0, 1, 1, event(0), null, 0), NOW);

        assertEquals(List.of(1L, 0L), storedSeqs(), "a plain event has no resend check, but its offset was taken");
    }

    @Test
    void theMarksNamesCannotBeSpokenByAForwarder() {
        assertTrue(ConsumedPartitions.offsetMark(P0).charAt(0) < 0x20);
        assertTrue(ziggy.protocol.batch.BatchHeader.sourceProblem(ConsumedPartitions.offsetMark(P0)) != null);
        assertTrue(ziggy.protocol.batch.BatchHeader.sourceProblem(ConsumedPartitions.sourceMark("a", P0)) != null);
    }

    /** A record of {@code partition} at {@code offset}, generation 0, from agent {@code source} (null: no headers). */
    private void take(String partition, long offset, String source, long seq) {
        intake.take(ConsumedRecord.event(partition, offset, 0, event(seq), source, source == null ? 0 : seq), NOW);
    }

    private long nextOffset(String partition) {
        return marks.committed(ConsumedPartitions.offsetMark(partition));
    }

    private List<Long> storedSeqs() {
        return store.appended.stream().map(event -> new RawBsonDocument(event.bytes()).getInt64("seq").getValue()).toList();
    }

    private static byte[] event(long seq) {
        return ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                .append("start", new BsonDouble(1_763_900_000)).append("seq", new BsonInt64(seq)));
    }
}
