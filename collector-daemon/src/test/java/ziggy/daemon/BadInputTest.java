package ziggy.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ziggy.testing.TestEvents.concat;
import static ziggy.testing.TestEvents.event;
import static ziggy.testing.TestEvents.utc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.control.StatusKeys;

/**
 * Each bad input of the issue, sent between good events: it is counted under its reason in STATUS,
 * and every good event around it lands, byte for byte.
 */
class BadInputTest {
    private static final double START = utc(2026, 11, 23, 8, 0, 0);

    @TempDir
    Path root;

    private static byte[] typed(String type) {
        return ControlReplies.encode(new BsonDocument("type", new BsonString(type)).append("n", new BsonInt32(1)));
    }

    private void assertRejectedBetweenGoodEvents(String reason, int maxMessageBytes, byte[]... badFrames) throws Exception {
        Path logPath = root.resolve("log");
        try (RunningMaster master = new RunningMaster(logPath, ZoneId.of("UTC"), maxMessageBytes,
                DaemonSettings.DEFAULT_IDLE_CLOSE)) {
            ByteArrayOutputStream good = new ByteArrayOutputStream();
            for (int round = 0; round < 3; round++) {
                byte[] event = event("request", START + round, round);
                good.writeBytes(event);
                master.send(event);
                if (badFrames.length == 1) {
                    master.send(badFrames[0]);
                } else {
                    master.sendFrames(badFrames);
                }
            }
            byte[] last = event("request", START + 10, 10);
            master.send(last);
            master.awaitTaken(4, 3);
            assertEquals(3, master.rejected(reason), () -> master.status().toJson());
            master.awaitFile("request.20261123.bson", concat(good.toByteArray(), last));
            assertEquals(List.of("request.20261123.bson"), master.files());
        }
        try (Stream<Path> everything = Files.walk(root)) {
            Path state = logPath.resolve(".ziggyd");
            assertEquals(List.of(root, logPath, state, state.resolve("admin-token"), logPath.resolve("request.20261123.bson")),
                    everything.sorted().toList(), "nothing is written anywhere else but the daemon's dot-folder");
        }
    }

    @Test
    void emptyFrames() throws Exception {
        assertRejectedBetweenGoodEvents("empty", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, new byte[0]);
    }

    @Test
    void bytesThatAreNotBson() throws Exception {
        assertRejectedBetweenGoodEvents("not_bson", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                "{\"type\": \"request\"} is JSON, not BSON".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBsonLengthThatLies() throws Exception {
        byte[] event = event("request", START, 99);
        byte[] lying = Arrays.copyOf(event, event.length + 4);
        assertRejectedBetweenGoodEvents("length_mismatch", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, lying);
    }

    @Test
    void truncatedDocuments() throws Exception {
        byte[] event = event("request", START, 99);
        assertRejectedBetweenGoodEvents("truncated", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                Arrays.copyOf(event, event.length / 2));
    }

    @Test
    void typeMissing() throws Exception {
        assertRejectedBetweenGoodEvents("missing_type", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                ControlReplies.encode(new BsonDocument("id", new BsonString("x"))));
    }

    @Test
    void typeNotAString() throws Exception {
        assertRejectedBetweenGoodEvents("type_not_string", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                ControlReplies.encode(new BsonDocument("type", new BsonInt32(7))));
    }

    @Test
    void typeWithASlash() throws Exception {
        assertRejectedBetweenGoodEvents("bad_type_name", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, typed("../escape/x"));
    }

    @Test
    void typeWithDotDot() throws Exception {
        assertRejectedBetweenGoodEvents("bad_type_name", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, typed("a..b"));
    }

    @Test
    void typeWithALeadingDot() throws Exception {
        assertRejectedBetweenGoodEvents("bad_type_name", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, typed(".hidden"));
    }

    @Test
    void typeWithControlCharacters() throws Exception {
        assertRejectedBetweenGoodEvents("bad_type_name", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, typed("line\nbreak"));
    }

    @Test
    void typeOver200Characters() throws Exception {
        assertRejectedBetweenGoodEvents("bad_type_name", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, typed("t".repeat(201)));
    }

    @Test
    void invalidUtf8() throws Exception {
        byte[] event = event("request", START, 99);
        byte[] bad = event.clone();
        int at = indexOf(bad, "/p/99");
        bad[at] = (byte) 0xC0;
        assertRejectedBetweenGoodEvents("invalid_utf8", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, bad);
    }

    @Test
    void multiFrameMessagesOfTheWrongShape() throws Exception {
        byte[] event = event("request", START, 99);
        assertRejectedBetweenGoodEvents("bad_multipart", DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES, event, event, event);
    }

    @Test
    void framesOverTheConfiguredMaximum() throws Exception {
        byte[] big = new byte[200_000];
        ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putInt(0, big.length);
        assertRejectedBetweenGoodEvents("oversized", 100_000, big);
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i <= haystack.length - n.length; i++) {
            if (Arrays.equals(haystack, i, i + n.length, n, 0, n.length)) {
                return i;
            }
        }
        throw new AssertionError(needle);
    }

    @Test
    void statusListsEveryReason() throws Exception {
        try (RunningMaster master = new RunningMaster(root.resolve("log"))) {
            BsonDocument rejected = master.status().getDocument(StatusKeys.REJECTED);
            for (ziggy.protocol.event.RejectReason reason : ziggy.protocol.event.RejectReason.values()) {
                assertEquals(0, rejected.getInt64(reason.wireName()).getValue(), reason.wireName());
            }
        }
    }
}
