package ziggy.protocol.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import ziggy.protocol.control.ControlReplies;

class EventScannerTest {
    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent event = new ScannedEvent();

    static BsonDocument requestEvent() {
        return new BsonDocument()
                .append("type", new BsonString("request"))
                .append("id", new BsonString("f00d"))
                .append("host", new BsonString("web-1"))
                .append("pid", new BsonInt32(4242))
                .append("start", new BsonDouble(1_763_900_000.25))
                .append("end", new BsonDouble(1_763_900_000.5))
                .append("body", new BsonDocument("path", new BsonString("/é"))
                        .append("tags", new BsonArray(Arrays.asList(new BsonString("a"), BsonNull.VALUE, BsonBoolean.TRUE))));
    }

    private RejectReason scan(byte[] bytes) {
        return scan(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    private RejectReason scan(ByteBuffer buffer, int offset, int length) {
        boolean accepted = scanner.scan(buffer, offset, length, event);
        assertEquals(accepted, event.reason() == null);
        return event.reason();
    }

    private static String string(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void findsTypeHostStartAndEndWhereverTheDocumentSitsInTheBuffer() {
        byte[] doc = ControlReplies.encode(requestEvent());
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(doc.length + 100).order(order);
            buffer.put(37, doc);
            assertEquals(null, scan(buffer, 37, doc.length));
            assertEquals("request", string(buffer, event.typeOffset(), event.typeLength()));
            assertEquals("web-1", string(buffer, event.hostOffset(), event.hostLength()));
            assertEquals(1_763_900_000.25, event.start());
            assertEquals(1_763_900_000.5, event.end());
            assertEquals(0, buffer.position());
            assertEquals(buffer.capacity(), buffer.limit());
        }
    }

    @Test
    void integerTimesCountAsSecondsAndAbsentOnesAreNaN() {
        byte[] withInts = ControlReplies.encode(new BsonDocument("type", new BsonString("t"))
                .append("start", new BsonInt32(100)).append("end", new BsonInt64(200L)));
        assertEquals(null, scan(withInts));
        assertEquals(100.0, event.start());
        assertEquals(200.0, event.end());
        assertFalse(event.hasHost());

        assertEquals(null, scan(ControlReplies.encode(new BsonDocument("type", new BsonString("t")))));
        assertTrue(Double.isNaN(event.start()));
        assertTrue(Double.isNaN(event.end()));
    }

    @Test
    void fieldsOfNestedDocumentsAreNotTakenForTopLevelOnes() {
        byte[] doc = ControlReplies.encode(new BsonDocument("body", new BsonDocument("type", new BsonString("inner"))
                .append("host", new BsonString("h")))
                .append("type", new BsonString("outer")));
        assertEquals(null, scan(doc));
        assertEquals("outer", string(ByteBuffer.wrap(doc), event.typeOffset(), event.typeLength()));
        assertFalse(event.hasHost());
    }

    @Test
    void emptyFrameAndBytesThatAreNotBsonAreRejected() {
        assertEquals(RejectReason.EMPTY, scan(new byte[0]));
        assertEquals(RejectReason.NOT_BSON, scan(new byte[] {5, 0, 0}));
        assertEquals(RejectReason.NOT_BSON, scan("hello, this is plain text".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(RejectReason.NOT_BSON, scan(new byte[] {1, 0, 0, 0, 0, 0}));
    }

    @Test
    void aLengthThatLiesIsALengthMismatch() {
        byte[] doc = ControlReplies.encode(requestEvent());
        byte[] longer = Arrays.copyOf(doc, doc.length + 3);
        assertEquals(RejectReason.LENGTH_MISMATCH, scan(longer));

        byte[] shortLength = doc.clone();
        ByteBuffer.wrap(shortLength).order(ByteOrder.LITTLE_ENDIAN).putInt(0, doc.length - 1);
        assertEquals(RejectReason.NOT_BSON, scan(shortLength), "the claimed document does not end where it says");
    }

    @Test
    void aCutDocumentIsTruncated() {
        byte[] doc = ControlReplies.encode(requestEvent());
        for (int cut = 5; cut < doc.length; cut++) {
            assertEquals(RejectReason.TRUNCATED, scan(Arrays.copyOf(doc, cut)), "cut at " + cut);
        }
    }

    @Test
    void typeMustBeAPresentStringWithAValidName() {
        assertEquals(RejectReason.MISSING_TYPE, scan(ControlReplies.encode(new BsonDocument("x", new BsonInt32(1)))));
        assertEquals(RejectReason.MISSING_TYPE, scan(ControlReplies.encode(new BsonDocument())));
        assertEquals(RejectReason.TYPE_NOT_STRING, scan(ControlReplies.encode(new BsonDocument("type", new BsonInt32(1)))));
        assertEquals(RejectReason.TYPE_NOT_STRING,
                scan(ControlReplies.encode(new BsonDocument("type", new BsonBinary("request".getBytes(StandardCharsets.UTF_8))))));
        for (String bad : new String[] {"", "../etc", "a/b", ".hidden", "trailing.", "a..b", "tab\there", "nul\u0000",
                "x".repeat(201), "é"}) {
            assertEquals(RejectReason.BAD_TYPE_NAME, scan(ControlReplies.encode(new BsonDocument("type", new BsonString(bad)))),
                    bad);
        }
        assertEquals(null, scan(ControlReplies.encode(new BsonDocument("type", new BsonString("x".repeat(200))))));
        assertEquals(null, scan(ControlReplies.encode(new BsonDocument("type", new BsonString("request.sql-2_b")))));
    }

    @Test
    void invalidUtf8InAnyStringOrKeyIsRejected() {
        byte[] doc = ControlReplies.encode(new BsonDocument("type", new BsonString("t"))
                .append("body", new BsonDocument("k", new BsonString("abcdefghijklmnopqrstu"))));
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}}) {
            byte[] copy = doc.clone();
            int at = indexOf(copy, "mnop");
            System.arraycopy(bad, 0, copy, at, bad.length);
            assertEquals(RejectReason.INVALID_UTF8, scan(copy), Arrays.toString(bad));
        }
        byte[] badKey = doc.clone();
        badKey[indexOf(badKey, "k\0")] = (byte) 0xFE;
        assertEquals(RejectReason.INVALID_UTF8, scan(badKey));
    }

    @Test
    void unknownTypeBytesAndImpossibleValuesAreRejected() {
        byte[] doc = ControlReplies.encode(new BsonDocument("type", new BsonString("t")).append("flag", BsonBoolean.TRUE));
        int flag = indexOf(doc, "flag") - 1;
        byte[] unknownType = doc.clone();
        unknownType[flag] = 0x20;
        assertEquals(RejectReason.BAD_TYPE_BYTE, scan(unknownType));
        byte[] badBoolean = doc.clone();
        badBoolean[doc.length - 2] = 2;
        assertEquals(RejectReason.BAD_VALUE, scan(badBoolean));
        byte[] noTerminator = doc.clone();
        noTerminator[doc.length - 1] = 7;
        assertEquals(RejectReason.BAD_TERMINATOR, scan(noTerminator));
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedWithoutOverflowingTheStack() {
        BsonDocument deep = new BsonDocument("type", new BsonString("t"));
        BsonDocument inner = deep;
        for (int i = 0; i < EventScanner.MAX_DEPTH; i++) {
            BsonDocument next = new BsonDocument();
            inner.append("d", next);
            inner = next;
        }
        assertEquals(null, scan(ControlReplies.encode(deep)));
        inner.append("d", new BsonDocument());
        assertEquals(RejectReason.TOO_DEEP, scan(ControlReplies.encode(deep)));
    }

    static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found: " + needle);
    }
}
