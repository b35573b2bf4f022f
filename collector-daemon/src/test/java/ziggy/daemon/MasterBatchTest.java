package ziggy.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static ziggy.testing.TestEvents.concat;
import static ziggy.testing.TestEvents.event;
import static ziggy.testing.TestEvents.utc;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.control.StatusKeys;

/** A master taking a forwarder's two-frame batches: each seq of a source written once, acknowledged once on disk. */
class MasterBatchTest {
    private static final double START = utc(2026, 11, 23, 12, 0, 0);
    private static final String FILE = "request.20261123.bson";

    @TempDir
    Path logPath;

    @Test
    void batchEventsLandOnceAndAreAcknowledgedOnceWritten() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            byte[][] events = events(0, 10);
            master.sendFrames(header("agent-a", 1, 10), concat(events));

            await().atMost(Duration.ofSeconds(10)).until(() -> committed(master, "agent-a") == 10);
            assertEquals(10, master.totalEvents());
            master.awaitFile(FILE, concat(events));
            assertEquals(0, committed(master, "agent-b"));
        }
    }

    @Test
    void aResendWritesOnlyTheSeqsNotTakenBefore() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            byte[][] events = events(0, 15);
            master.sendFrames(header("agent-a", 1, 10), concat(slice(events, 0, 10)));
            // The agent did not hear the acknowledgement and sends 6..15 again, overlapping 6..10.
            master.sendFrames(header("agent-a", 6, 10), concat(slice(events, 5, 15)));

            await().atMost(Duration.ofSeconds(10)).until(() -> committed(master, "agent-a") == 15);
            master.awaitFile(FILE, concat(events));
            BsonDocument batches = master.status().getDocument(StatusKeys.BATCHES);
            assertEquals(5, batches.getInt64(StatusKeys.BATCHES_DUPLICATES).getValue());
            assertEquals(15, batches.getInt64(StatusKeys.BATCHES_EVENTS).getValue());
            assertEquals(2, batches.getInt64(StatusKeys.BATCHES_RECEIVED).getValue());
        }
    }

    @Test
    void sourcesAreTrackedApart() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            byte[][] events = events(0, 6);
            master.sendFrames(header("agent-a", 1, 3), concat(slice(events, 0, 3)));
            master.sendFrames(header("agent-b", 1, 3), concat(slice(events, 3, 6)));

            await().atMost(Duration.ofSeconds(10)).until(() -> committed(master, "agent-a") == 3 && committed(master, "agent-b") == 3);
            master.awaitFile(FILE, concat(events));
        }
    }

    @Test
    void aBatchHoldingFewerEventsThanItsHeaderSaysKeepsTheGoodOnesAndIsCounted() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            byte[][] events = events(0, 2);
            master.sendFrames(header("agent-a", 1, 3), concat(events));
            byte[] next = event("request", START + 50, 50);
            master.sendFrames(header("agent-a", 4, 1), next);

            await().atMost(Duration.ofSeconds(10)).until(() -> committed(master, "agent-a") == 4);
            master.awaitFile(FILE, concat(events[0], events[1], next));
            assertEquals(1, master.rejected("bad_batch"));
        }
    }

    @Test
    void aHeaderThatIsNotABatchHeaderRejectsTheMessageAndNothingElse() throws Exception {
        try (RunningMaster master = new RunningMaster(logPath)) {
            byte[] good = event("request", START, 1);
            master.sendFrames(ControlReplies.encode(new BsonDocument("v", new BsonString("two"))), good);
            master.send(good);

            master.awaitTaken(1, 1);
            assertEquals(1, master.rejected("bad_batch"));
            master.awaitFile(FILE, good);
        }
    }

    @Test
    void acknowledgedMarksSurviveARestartSoAResendIsNotWrittenTwice() throws Exception {
        byte[][] events = events(0, 8);
        try (RunningMaster master = new RunningMaster(logPath)) {
            master.sendFrames(header("agent-a", 1, 5), concat(slice(events, 0, 5)));
            await().atMost(Duration.ofSeconds(10)).until(() -> committed(master, "agent-a") == 5);
        }
        try (RunningMaster master = new RunningMaster(logPath, ZoneId.of("UTC"), DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                DaemonSettings.DEFAULT_IDLE_CLOSE)) {
            assertEquals(5, committed(master, "agent-a"));
            master.sendFrames(header("agent-a", 1, 8), concat(events));

            await().atMost(Duration.ofSeconds(10)).until(() -> committed(master, "agent-a") == 8);
            master.awaitFile(FILE, concat(events));
        }
    }

    private static long committed(RunningMaster master, String source) {
        BsonDocument reply = master.client.request(ControlCommand.COMMITTED.request().append("src", new BsonString(source)));
        return reply.getNumber("seq").longValue();
    }

    private static byte[] header(String source, long firstSeq, int count) {
        return new BatchHeader(source, firstSeq, count).encode();
    }

    private static byte[][] events(int from, int to) {
        byte[][] events = new byte[to - from][];
        for (int i = from; i < to; i++) {
            events[i - from] = event("request", START + i, i);
        }
        return events;
    }

    private static byte[][] slice(byte[][] events, int from, int to) {
        byte[][] part = new byte[to - from][];
        System.arraycopy(events, from, part, 0, to - from);
        return part;
    }
}
