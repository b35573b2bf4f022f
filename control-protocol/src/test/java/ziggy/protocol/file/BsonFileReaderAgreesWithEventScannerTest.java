package ziggy.protocol.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.event.BsonLibrary;
import ziggy.protocol.event.EventScanner;
import ziggy.protocol.event.RandomEvents;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.event.ScannedEvent;
import ziggy.protocol.file.BsonFileReader.Document;
import ziggy.protocol.file.BsonFileReader.Item;

/**
 * The day-file reader and the collect path's scanner give the same verdict on the same bytes: a
 * document the scanner calls well-formed is one the reader returns whole, anything else is damage to
 * the reader; and an event the scanner accepts is one the reader resumes at after damage, while a
 * well-formed document it refuses as an event (its {@code type}) is not. Each rule the two once
 * disagreed on has its own case (binary subtype 0x02, the type-name rule, the last {@code type}
 * counting); random and damaged documents cover the rest. Every document called well-formed must
 * also decode with MongoDB's own library.
 */
class BsonFileReaderAgreesWithEventScannerTest {
    /** A byte before a document that cannot start one: its length would be 256 times the document's. */
    private static final byte DAMAGE = (byte) 0xFF;
    /**
     * Far above any document here: a reader meeting a plausible length in damage makes its buffer
     * that large, and 16 MiB for each of ten thousand readers would be most of this test's time.
     */
    private static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private final EventScanner scanner = new EventScanner();
    private final ScannedEvent scanned = new ScannedEvent();

    @Test
    void oldBinaryWhoseRepeatedLengthIsItsOwnLessFourIsWellFormedToBoth() throws IOException {
        byte[] event = oldBinaryEvent();
        assertEquals(null, scan(event));
        assertTrue(readerReadsWhole(event));
        assertTrue(readerResumesAt(event));
        assertTrue(BsonLibrary.decodes(event));
    }

    @Test
    void oldBinaryWhoseRepeatedLengthDisagreesIsDamageToBoth() throws IOException {
        byte[] good = oldBinaryEvent();
        int repeated = indexOf(good, new byte[] {7, 0, 0, 0, 0x02, 3, 0, 0, 0}) + 5;
        for (int wrong : new int[] {0, 2, 4, 7, -1}) {
            byte[] bad = good.clone();
            ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(repeated, wrong);
            assertEquals(RejectReason.BAD_VALUE, scan(bad), "repeated length " + wrong);
            assertFalse(scanned.wellFormed());
            assertFalse(readerReadsWhole(bad), "repeated length " + wrong);
            assertFalse(BsonLibrary.decodes(bad), "repeated length " + wrong);
        }
    }

    @Test
    void typeNamesTheRuleRefusesAreWellFormedDocumentsButNoEventToResumeAt() throws IOException {
        for (String name : new String[] {".hidden", "trailing.", "a..b", ".", "", "a/b", "x".repeat(201), "é"}) {
            byte[] document = ControlReplies.encode(new BsonDocument("type", new BsonString(name)));
            assertEquals(RejectReason.BAD_TYPE_NAME, scan(document), name);
            assertTrue(scanned.wellFormed(), name);
            assertTrue(readerReadsWhole(document), name);
            assertFalse(readerResumesAt(document), name);
        }
        for (String name : new String[] {"request", "request.sql", "a.b-c_d", "x".repeat(200)}) {
            byte[] event = ControlReplies.encode(new BsonDocument("type", new BsonString(name)));
            assertEquals(null, scan(event), name);
            assertTrue(readerResumesAt(event), name);
        }
    }

    @Test
    void theLastTopLevelTypeIsTheOneThatCounts() throws IOException {
        byte[] lastNotAString = withTwoTypes(false);
        assertEquals(RejectReason.TYPE_NOT_STRING, scan(lastNotAString));
        assertTrue(readerReadsWhole(lastNotAString));
        assertFalse(readerResumesAt(lastNotAString));

        byte[] lastAString = withTwoTypes(true);
        assertEquals(null, scan(lastAString));
        assertTrue(readerResumesAt(lastAString));
    }

    @Test
    void randomAndDamagedDocumentsGetTheSameVerdictFromBoth() throws IOException {
        RandomEvents events = new RandomEvents(20261202L);
        Random random = events.random();
        int wellFormed = 0;
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            BsonDocument document = events.event();
            retype(document, random);
            byte[] clean = ControlReplies.encode(document);
            byte[] bytes = random.nextInt(3) == 0 ? clean : events.damaged(clean);

            boolean isEvent = scan(bytes) == null;
            boolean isDocument = scanned.wellFormed();
            String what = HexFormat.of().formatHex(bytes);
            if (readerReadsWhole(bytes) != isDocument) {
                fail("the scanner says well-formed " + isDocument + " (" + scanned.reason() + "), the reader not, for " + what);
            }
            if (readerResumesAt(bytes) != isEvent) {
                fail("the scanner says event " + isEvent + " (" + scanned.reason() + "), the reader's resynchronisation not, for "
                        + what);
            }
            if (isDocument && !BsonLibrary.decodes(bytes)) {
                fail("well-formed to us, but the library cannot decode " + what);
            }
            wellFormed += isDocument ? 1 : 0;
            accepted += isEvent ? 1 : 0;
        }
        assertTrue(accepted > 1000 && wellFormed - accepted > 300 && 5000 - wellFormed > 1000,
                "the inputs should hold many events, documents that are no event, and damage: " + accepted + " events, "
                        + wellFormed + " well-formed of 5000");
    }

    /** Sometimes gives the event a type that breaks the name rule, one that is not a string, or none. */
    private static void retype(BsonDocument document, Random random) {
        String[] badNames = {".x", "x.", "a..b", "", "a b", "../up"};
        switch (random.nextInt(8)) {
            case 0:
                document.put("type", new BsonString(badNames[random.nextInt(badNames.length)]));
                break;
            case 1:
                document.put("type", new BsonInt32(1));
                break;
            case 2:
                document.remove("type");
                break;
            default:
                break;
        }
    }

    private RejectReason scan(byte[] bytes) {
        boolean accepted = scanner.scan(ByteBuffer.wrap(bytes), 0, bytes.length, scanned);
        assertEquals(accepted, scanned.reason() == null);
        return scanned.reason();
    }

    /** Whether the reader returns {@code bytes}, read alone, as one document. */
    private static boolean readerReadsWhole(byte[] bytes) throws IOException {
        List<Item> items = readAll(bytes);
        return items.size() == 1 && items.get(0) instanceof Document document && Arrays.equals(bytes, document.bytes());
    }

    /** Whether the reader, after one damaged byte, takes up reading again at {@code bytes}, and reads them as one document. */
    private static boolean readerResumesAt(byte[] bytes) throws IOException {
        byte[] input = new byte[bytes.length + 1];
        input[0] = DAMAGE;
        System.arraycopy(bytes, 0, input, 1, bytes.length);
        List<Item> items = readAll(input);
        return items.size() == 2 && items.get(0).offset() == 0 && items.get(1).offset() == 1
                && items.get(1) instanceof Document document && Arrays.equals(bytes, document.bytes());
    }

    private static List<Item> readAll(byte[] bytes) throws IOException {
        List<Item> items = new ArrayList<>();
        try (BsonFileReader reader = new BsonFileReader(new ByteArrayInputStream(bytes), MAX_DOCUMENT_BYTES)) {
            for (Item item = reader.next(); item != null; item = reader.next()) {
                items.add(item);
            }
        }
        return items;
    }

    /** {@code {type: "request", blob: <subtype 0x02 of three bytes>}}, as the library writes it. */
    private static byte[] oldBinaryEvent() {
        return ControlReplies.encode(new BsonDocument("type", new BsonString("request"))
                .append("blob", new BsonBinary(BsonBinarySubType.OLD_BINARY, new byte[] {1, 2, 3})));
    }

    /** A document with two top-level {@code type} keys, a string and an int32, in either order. */
    private static byte[] withTwoTypes(boolean stringLast) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(out)) {
            writer.writeStartDocument();
            if (stringLast) {
                writer.writeInt32("type", 1);
                writer.writeString("type", "request");
            } else {
                writer.writeString("type", "request");
                writer.writeInt32("type", 1);
            }
            writer.writeEndDocument();
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
