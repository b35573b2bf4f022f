package ziggy.daemon.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import ziggy.daemon.stats.IntakeStats;
import ziggy.daemon.stream.StreamPublisher;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.layout.EventDay;
import ziggy.storage.custody.CommitJournal;
import ziggy.storage.custody.DayFileStore;
import ziggy.storage.custody.SourceExpiry;
import ziggy.storage.custody.SourceMarks;
import ziggy.storage.dayfile.DayFileWriter;
import ziggy.storage.dayfile.TypeFiles;

class EventIntakeTest {
    @TempDir
    Path logPath;

    private final IntakeStats stats = new IntakeStats();

    @Test
    void pastTheMaximumNumberOfTypesNewTypesAreRejectedAndKnownOnesStillLand() throws Exception {
        List<BsonDocument> events = new ArrayList<>();
        for (String type : new String[] {"a", "b", "c", "d", "e", "a"}) {
            events.add(new BsonDocument("type", new BsonString(type)).append("start", new BsonDouble(1_763_900_000)));
        }
        takeIn(events);

        assertEquals(4, stats.events.get());
        assertEquals(2, stats.rejected(RejectReason.TOO_MANY_TYPES).get());
        assertEquals(2, stats.types().stream().filter(t -> t.name().equals("a")).findFirst().orElseThrow().count());
        try (var files = Files.list(logPath)) {
            assertEquals(3, files.count());
        }
    }

    @Test
    void aHostNameLongerThanAnyRealOneCountsUnderOtherAndItsEventStillLands() throws Exception {
        List<BsonDocument> events = new ArrayList<>();
        for (String host : new String[] {"web1", "w".repeat(StatusKeys.MAX_HOST_BYTES + 1), "x".repeat(1 << 20)}) {
            events.add(new BsonDocument("type", new BsonString("request"))
                    .append("host", new BsonString(host)).append("start", new BsonDouble(1_763_900_000)));
        }
        takeIn(events);

        assertEquals(3, stats.events.get());
        assertEquals(List.of("web1:1", StatusKeys.OTHER_HOSTS + ":2"),
                stats.hosts().stream().map(host -> host.name() + ":" + host.count()).toList());
    }

    @Test
    void sourcesIdleForTheExpiryAreForgottenCountedAndLeftOutOfTheCommitJournal() throws Exception {
        SourceMarks marks = new SourceMarks(Map.of(), 2, 2, false, new SourceExpiry(Duration.ofSeconds(10), name -> false));
        intoDayFiles(marks, (intake, start) -> {
            intake.onLoopTurn(start);
            batch(intake, "agent-1");
            batch(intake, "agent-2");
            batch(intake, "agent-3");
            intake.onLoopTurn(start + Duration.ofSeconds(1).toNanos());
            assertEquals(1, stats.rejected(RejectReason.TOO_MANY_SOURCES).get(), "the table of two is full");

            intake.onLoopTurn(start + Duration.ofSeconds(11).toNanos());
            assertEquals(2, stats.sourcesExpired.get());
            assertEquals(0, stats.sources.get());
            assertEquals(Map.of(), CommitJournal.recover(logPath).recoveredMarks(),
                    "committed without them, with no batch since to commit for");
            batch(intake, "agent-3");
            assertEquals(1, stats.rejected(RejectReason.TOO_MANY_SOURCES).get(), "agent-3 is taken now");
        });
        assertEquals(Map.of("agent-3", 1L), CommitJournal.recover(logPath).recoveredMarks());
    }

    @Test
    void aNewSourceOfAPeerAtItsQuotaTakesThePlaceOfItsIdlestCountedAndLeftOutOfTheCommitJournal() throws Exception {
        SourceMarks marks = new SourceMarks(Map.of(), 100, 2, false, new SourceExpiry(Duration.ofDays(1), name -> false));
        intoDayFiles(marks, (intake, start) -> {
            intake.onLoopTurn(start);
            intake.fromPeer("192.0.2.66", null);
            batch(intake, "invented-1");
            batch(intake, "invented-2");
            intake.fromPeer("192.0.2.7", null);
            batch(intake, "agent");
            intake.onLoopTurn(start + Duration.ofSeconds(1).toNanos());

            intake.fromPeer("192.0.2.66", null);
            batch(intake, "invented-3");
            assertEquals(1, stats.rejected(RejectReason.TOO_MANY_SOURCES).get(), "the peer holds its two");

            intake.onLoopTurn(start + Duration.ofSeconds(62).toNanos());
            batch(intake, "invented-3");
            assertEquals(1, stats.rejected(RejectReason.TOO_MANY_SOURCES).get(), "taken in the place of an idle one");
            assertEquals(1, stats.sourcesEvicted.get());
            assertEquals(3, stats.sources.get());
        });
        assertEquals(Map.of("invented-2", 1L, "invented-3", 1L, "agent", 1L), CommitJournal.recover(logPath).recoveredMarks(),
                "the idlest of the peer's sources went, and went from the journal");
    }

    /** What a test does with an intake, given the loop clock it started at. */
    private interface IntakeUse {
        void use(EventIntake<?> intake, long start) throws Exception;
    }

    /** Runs {@code use} on an intake of at most 3 types with {@code marks}, writing day files and a journal in {@code logPath}. */
    private void intoDayFiles(SourceMarks marks, IntakeUse use) throws Exception {
        long start = System.nanoTime();
        try (ZContext context = new ZContext(1);
             StreamPublisher stream = new StreamPublisher(context, "127.0.0.1", 1 << 16, stats, Thread::new)) {
            CommitJournal journal = CommitJournal.recover(logPath);
            DayFileWriter writer = new DayFileWriter(logPath, journal, stats.dayFileCounts(), Duration.ofSeconds(60), 4096, 16);
            try (EventIntake<TypeFiles> intake = new EventIntake<>(new EventDay(ZoneOffset.UTC),
                    new DayFileStore(writer, journal, false), stream, stats, marks, TypeLimits.of(3))) {
                use.use(intake, start);
            }
        }
    }

    /** A forwarder's batch of one event, seq 1, from {@code source}. */
    private static void batch(EventIntake<?> intake, String source) {
        byte[] header = new BatchHeader(source, 1, 1).encode();
        byte[] event = ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                .append("start", new BsonDouble(1_763_900_000)));
        ByteBuffer buffer = ByteBuffer.allocate(header.length + event.length).put(header).put(event).flip();
        intake.onMultipartMessage(buffer, new int[] {0, header.length}, new int[] {header.length, event.length}, 2);
    }

    /** Hands {@code events} to an intake of at most 3 types writing day files in {@code logPath}, then closes it. */
    private void takeIn(List<BsonDocument> events) throws Exception {
        try (ZContext context = new ZContext(1);
             StreamPublisher stream = new StreamPublisher(context, "127.0.0.1", 1 << 16, stats, Thread::new)) {
            CommitJournal journal = CommitJournal.recover(logPath);
            DayFileWriter writer = new DayFileWriter(logPath, journal, stats.dayFileCounts(), Duration.ofSeconds(60), 4096, 16);
            try (EventIntake<TypeFiles> intake = new EventIntake<>(new EventDay(ZoneOffset.UTC), new DayFileStore(writer, journal, false),
                    stream, stats, new SourceMarks(Map.of(), EventIntake.MAX_SOURCES), TypeLimits.of(3))) {
                for (BsonDocument event : events) {
                    byte[] bytes = ControlReplies.encode(event);
                    intake.onMessage(ByteBuffer.wrap(bytes), 0, bytes.length);
                }
            }
        }
    }
}
