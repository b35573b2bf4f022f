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
import org.bson.BsonRegularExpression;
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
    void scanningLeavingTheTypeNameTakesABadNameThatCheckTypeNameThenRefuses() {
        for (String bad : new String[] {"", "../etc", "a/b", "a..b", "x".repeat(201)}) {
            ByteBuffer doc = ByteBuffer.wrap(ControlReplies.encode(new BsonDocument("type", new BsonString(bad))
                    .append("host", new BsonString("web1"))));

            assertTrue(scanner.scanLeavingTypeName(doc, 0, doc.capacity(), event), bad);
            assertEquals(bad, string(doc, event.typeOffset(), event.typeLength()));
            assertEquals("web1", string(doc, event.hostOffset(), event.hostLength()));
            assertFalse(EventScanner.checkTypeName(doc, event), bad);
            assertEquals(RejectReason.BAD_TYPE_NAME, event.reason(), bad);
        }
        ByteBuffer good = ByteBuffer.wrap(ControlReplies.encode(new BsonDocument("type", new BsonString("request.sql"))));
        assertTrue(scanner.scanLeavingTypeName(good, 0, good.capacity(), event));
        assertTrue(EventScanner.checkTypeName(good, event));
        assertEquals(null, event.reason());
        // Everything but the name is still checked.
        assertEquals(RejectReason.TYPE_NOT_STRING, leavingTheName(ControlReplies.encode(new BsonDocument("type", new BsonInt32(1)))));
        assertEquals(RejectReason.MISSING_TYPE, leavingTheName(ControlReplies.encode(new BsonDocument())));
        byte[] truncated = ControlReplies.encode(new BsonDocument("type", new BsonString("a..b")));
        assertEquals(RejectReason.TRUNCATED, leavingTheName(Arrays.copyOf(truncated, truncated.length - 1)));
    }

    private RejectReason leavingTheName(byte[] bytes) {
        assertFalse(scanner.scanLeavingTypeName(ByteBuffer.wrap(bytes), 0, bytes.length, event));
        return event.reason();
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
    void aRegexWhoseLastZeroIsItsDocumentsTerminatorIsABadTerminator() {
        byte[] doc = ControlReplies.encode(new BsonDocument("type", new BsonString("t"))
                .append("body", new BsonDocument("re", new BsonRegularExpression("a", "i"))));
        assertEquals(null, scan(doc));
        // The body ends one byte early: the 0x00 after its regex's options is now where its terminator must be.
        ByteBuffer bytes = ByteBuffer.wrap(doc).order(ByteOrder.LITTLE_ENDIAN);
        int body = indexOf(doc, "body\0") + 5;
        bytes.putInt(body, bytes.getInt(body) - 1);
        assertEquals(RejectReason.BAD_TERMINATOR, scan(doc));
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

    @Test
    void keysOfEveryLengthFromZeroToSeventeenAreWalkedPastAndTheFieldsAfterThemFound() {
        for (int n = 0; n <= 17; n++) {
            byte[] doc = ControlReplies.encode(new BsonDocument("type", new BsonString("t"))
                    .append("k".repeat(n), new BsonInt32(n))
                    .append("host", new BsonString("h" + n))
                    .append("start", new BsonDouble(n)));
            assertEquals(null, scan(doc), "key of " + n);
            assertEquals("h" + n, string(ByteBuffer.wrap(doc), event.hostOffset(), event.hostLength()));
            assertEquals(n, event.start());
        }
    }

    @Test
    void aNonAsciiByteAtAnyOffsetOfAStringOrKeyIsCheckedAsUtf8() {
        String key = "abcdefghijklmnopq";
        String value = "ABCDEFGHIJKLMNOPQ";
        for (int at = 0; at <= 16; at++) {
            String withAccent = key.substring(0, at) + "é" + key.substring(at);
            assertEquals(null, scan(ControlReplies.encode(eventWith(withAccent, withAccent))), "é at " + at);
            for (boolean inKey : new boolean[] {false, true}) {
                byte[] doc = ControlReplies.encode(eventWith(key, value));
                int stringStart = indexOf(doc, inKey ? key : value);
                doc[stringStart + at] = (byte) 0xFF;
                assertEquals(RejectReason.INVALID_UTF8, scan(doc), (inKey ? "key" : "string") + " with 0xFF at " + at);
                doc[stringStart + at] = (byte) 0xC3; // a lead byte whose continuation is missing (or the terminator)
                assertEquals(RejectReason.INVALID_UTF8, scan(doc), (inKey ? "key" : "string") + " with 0xC3 at " + at);
            }
        }
    }

    @Test
    void aNulAtAnyOffsetOfAStringIsPartOfItButEndsAKeyEarly() {
        String ascii = "abcdefghijklmnopq";
        for (int at = 0; at <= 16; at++) {
            String withNul = ascii.substring(0, at) + "\u0000" + ascii.substring(at + 1);
            assertEquals(null, scan(ControlReplies.encode(eventWith("key", withNul))), "NUL at " + at);
            assertEquals("web-1", string(ByteBuffer.wrap(ControlReplies.encode(eventWith("key", withNul))),
                    event.hostOffset(), event.hostLength()));

            byte[] doc = ControlReplies.encode(eventWith(ascii, "v"));
            doc[indexOf(doc, ascii) + at] = 0;
            // The key ends at the NUL; the rest of the key is then read as a string's length prefix.
            assertFalse(scanner.scan(ByteBuffer.wrap(doc), 0, doc.length, event), "key with NUL at " + at);
        }
    }

    @Test
    void aFrameThatEndsInsideAStringOrKeyAtTheBufferEndIsTruncated() {
        byte[] doc = ControlReplies.encode(eventWith("a-key-of-17-bytes", "a string value"));
        int stringEnd = indexOf(doc, "a string value") + "a string value".length();
        int keyEnd = indexOf(doc, "a-key-of-17-bytes") + "a-key-of-17-bytes".length();
        for (int offset = 0; offset <= 9; offset++) {
            for (int end : new int[] {stringEnd, keyEnd, stringEnd - 3, keyEnd - 5}) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(offset + end);
                buffer.put(offset, doc, 0, end);
                assertEquals(RejectReason.TRUNCATED, scan(buffer, offset, end), "cut at " + end + ", offset " + offset);
            }
            ByteBuffer exact = ByteBuffer.allocateDirect(offset + doc.length);
            exact.put(offset, doc);
            assertEquals(null, scan(exact, offset, doc.length), "whole, offset " + offset);
            assertEquals("web-1", string(exact, event.hostOffset(), event.hostLength()));
        }
    }

    private static BsonDocument eventWith(String key, String value) {
        return new BsonDocument("type", new BsonString("t")).append(key, new BsonString(value))
                .append("host", new BsonString("web-1"));
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
