package ziggy.protocol.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import ziggy.protocol.file.BsonFileReader.Damage;
import ziggy.protocol.file.BsonFileReader.Document;
import ziggy.protocol.file.BsonFileReader.Item;
import ziggy.protocol.file.BsonFileReader.Unfinished;

class BsonFileReaderTest {

    @Test
    void readsDocumentsLaidEndToEndWithTheirOffsets() throws IOException {
        byte[] first = event("request", 1);
        byte[] second = event("request.sql", 2);
        List<Item> items = readAll(concat(first, second));

        assertEquals(2, items.size());
        Document a = assertInstanceOf(Document.class, items.get(0));
        Document b = assertInstanceOf(Document.class, items.get(1));
        assertEquals(0, a.offset());
        assertArrayEquals(first, a.bytes());
        assertEquals(first.length, b.offset());
        assertArrayEquals(second, b.bytes());
    }

    @Test
    void emptyInputHasNoItems() throws IOException {
        assertTrue(readAll(new byte[0]).isEmpty());
    }

    @Test
    void anIncompleteLastDocumentIsStillBeingWrittenNotDamage() throws IOException {
        byte[] good = event("request", 1);
        byte[] next = event("request", 2);
        byte[] torn = Arrays.copyOf(next, 20);
        List<Item> items = readAll(concat(good, good, torn));

        assertEquals(3, items.size());
        Unfinished unfinished = assertInstanceOf(Unfinished.class, items.get(2));
        assertEquals(2L * good.length, unfinished.offset());
        assertEquals(20, unfinished.length());
        assertEquals(next.length, unfinished.declaredLength());
        assertTrue(unfinished.toString().startsWith("still being written"), unfinished.toString());
    }

    @Test
    void anInputEndingInsideALengthIsStillBeingWrittenToo() throws IOException {
        byte[] good = event("request", 1);
        List<Item> items = readAll(concat(good, new byte[] {7, 0}));
        Unfinished unfinished = assertInstanceOf(Unfinished.class, items.get(1));
        assertEquals(good.length, unfinished.offset());
        assertEquals(2, unfinished.length());
        assertEquals(0, unfinished.declaredLength());
    }

    @Test
    void aLengthAboveTheMaximumAtTheEndIsDamageNotUnfinished() throws IOException {
        byte[] good = event("request", 1);
        List<Item> items = readAll(concat(good, new byte[] {0, 0, 0, 0x7f, 1, 2}));
        Damage damage = assertInstanceOf(Damage.class, items.get(1));
        assertEquals(good.length, damage.offset());
        assertEquals(6, damage.length());
    }

    @Test
    void aTornDocumentWithAnEventAfterItIsDamageNotUnfinished() throws IOException {
        byte[] good = event("request", 1);
        // A torn event whose declared length runs past the end, followed by a whole event: the bytes
        // after it show it is not the document being written.
        byte[] torn = Arrays.copyOf(event("request", 2), 20);
        ByteBuffer.wrap(torn).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, 10_000);
        List<Item> items = readAll(concat(torn, good));

        assertInstanceOf(Damage.class, items.get(0));
        assertArrayEquals(good, assertInstanceOf(Document.class, items.get(1)).bytes());
    }

    @Test
    void garbageInTheMiddleIsSkippedAndTheDocumentsAfterItAreReturned() throws IOException {
        byte[] before = event("request", 1);
        byte[] garbage = new byte[1000];
        new java.util.Random(42).nextBytes(garbage);
        byte[] after1 = event("request", 2);
        byte[] after2 = event("request", 3);
        List<Item> items = readAll(concat(before, garbage, after1, after2));

        assertEquals(4, items.size(), items.toString());
        assertArrayEquals(before, ((Document) items.get(0)).bytes());
        Damage damage = assertInstanceOf(Damage.class, items.get(1));
        assertEquals(before.length, damage.offset());
        assertEquals(garbage.length, damage.length());
        assertArrayEquals(after1, ((Document) items.get(2)).bytes());
        assertEquals(before.length + garbage.length, items.get(2).offset());
        assertArrayEquals(after2, ((Document) items.get(3)).bytes());
    }

    @Test
    void tornWriteFollowedByAppendedEventsLosesOnlyTheTornEvent() throws IOException {
        // A daemon killed mid-write leaves a partial event; the next run appends after it. The
        // partial event's nested body is well-formed but must not pass for an event.
        byte[] before = event("request", 1);
        byte[] whole = event("request", 2);
        byte[] torn = Arrays.copyOf(whole, whole.length - 1); // everything but the final terminator
        byte[] after = event("request", 3);
        List<Item> items = readAll(concat(before, torn, after));

        assertEquals(3, items.size(), items.toString());
        assertArrayEquals(before, ((Document) items.get(0)).bytes());
        Damage damage = assertInstanceOf(Damage.class, items.get(1));
        assertEquals(before.length, damage.offset());
        assertEquals(torn.length, damage.length());
        assertArrayEquals(after, ((Document) items.get(2)).bytes());
    }

    @Test
    void aGoodEventBetweenTwoDamagedStretchesIsKept() throws IOException {
        byte[] torn = Arrays.copyOf(event("request", 1), 30);
        byte[] between = event("request", 2);
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2, 3};
        byte[] after = event("request", 3);
        List<Item> items = readAll(concat(torn, between, garbage, after));

        assertEquals(4, items.size(), items.toString());
        assertEquals(new Damage(0, 30, ((Damage) items.get(0)).reason()), items.get(0));
        assertArrayEquals(between, ((Document) items.get(1)).bytes());
        assertEquals(new Damage(30 + between.length, garbage.length, ((Damage) items.get(2)).reason()), items.get(2));
        assertArrayEquals(after, ((Document) items.get(3)).bytes());
    }

    @Test
    void aLengthThatLiesIsDamage() throws IOException {
        byte[] liar = event("request", 1);
        ByteBuffer.wrap(liar).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, liar.length + 3);
        byte[] good = event("request", 2);
        List<Item> items = readAll(concat(liar, good));

        Damage damage = assertInstanceOf(Damage.class, items.get(0));
        assertEquals(0, damage.offset());
        assertEquals(liar.length, damage.length());
        assertArrayEquals(good, ((Document) items.get(1)).bytes());
    }

    @Test
    void documentsAboveTheMaximumAreDamage() throws IOException {
        byte[] big = event("x".repeat(300), 1);
        byte[] small = event("request", 2);
        List<Item> items = readAll(new ByteArrayInputStream(concat(big, small)), 200);
        Damage damage = assertInstanceOf(Damage.class, items.get(0));
        assertTrue(damage.reason().contains("above the maximum of 200"), damage.reason());
        assertArrayEquals(small, ((Document) items.get(1)).bytes());
    }

    @Test
    void invalidUtf8InAStringIsDamage() throws IOException {
        byte[] bad = event("request", 1);
        int at = indexOf(bad, "request".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bad[at] = (byte) 0xC0; // an overlong lead byte
        byte[] good = event("request", 2);
        List<Item> items = readAll(concat(bad, good));
        Damage damage = assertInstanceOf(Damage.class, items.get(0));
        assertTrue(damage.reason().contains("UTF-8"), damage.reason());
        assertArrayEquals(good, ((Document) items.get(1)).bytes());
    }

    @Test
    void everyBsonTypeAnEventCarriesWalksCleanly() throws IOException {
        BsonDocument body = new BsonDocument()
                .append("when", new BsonDateTime(1_763_900_000_000L))
                .append("oid", new BsonObjectId(new ObjectId()))
                .append("blob", new BsonBinary(new byte[] {1, 2, 3}))
                .append("big", new BsonInt64(1L << 40))
                .append("price", new BsonDecimal128(Decimal128.parse("12.50")))
                .append("tags", new org.bson.BsonArray(List.of(new BsonString("a"), new BsonInt32(2))))
                .append("nothing", org.bson.BsonNull.VALUE)
                .append("yes", org.bson.BsonBoolean.TRUE)
                .append("ratio", new BsonDouble(0.5))
                .append("text", new BsonString("naïve ☃ 𝄞"));
        byte[] bytes = encode(new BsonDocument("type", new BsonString("request")).append("body", body));
        List<Item> items = readAll(bytes);
        assertEquals(1, items.size());
        assertArrayEquals(bytes, ((Document) items.get(0)).bytes());
    }

    @Test
    void readsAStreamMuchLargerThanItsBufferInSmallReads() throws IOException {
        byte[] one = event("request", 1);
        int count = 20_000;
        InputStream trickle = new InputStream() {
            private long position;
            private final long size = (long) one.length * count;

            @Override
            public int read() {
                return position < size ? one[(int) (position++ % one.length)] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, 7), size - position); // awkward short reads
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
        int documents = 0;
        try (BsonFileReader reader = new BsonFileReader(trickle)) {
            for (Item item = reader.next(); item != null; item = reader.next()) {
                assertArrayEquals(one, ((Document) item).bytes());
                documents++;
            }
        }
        assertEquals(count, documents);
    }

    @Test
    void aNullReturnMeansTheEndAndStaysTheEnd() throws IOException {
        try (BsonFileReader reader = new BsonFileReader(new ByteArrayInputStream(event("a", 1)))) {
            assertInstanceOf(Document.class, reader.next());
            assertNull(reader.next());
            assertNull(reader.next());
        }
    }

    static byte[] event(String type, int n) {
        return encode(new BsonDocument("type", new BsonString(type))
                .append("id", new BsonString("id-" + n))
                .append("start", new BsonDouble(1_763_900_000.0 + n))
                .append("body", new BsonDocument("n", new BsonInt32(n))
                        .append("response", new BsonDocument("status", new BsonInt32(200)))));
    }

    static byte[] encode(BsonDocument document) {
        ByteBuffer buffer = new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
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

    private static List<Item> readAll(byte[] bytes) throws IOException {
        return readAll(new ByteArrayInputStream(bytes), BsonFileReader.DEFAULT_MAX_DOCUMENT_BYTES);
    }

    private static List<Item> readAll(InputStream in, int max) throws IOException {
        List<Item> items = new ArrayList<>();
        try (BsonFileReader reader = new BsonFileReader(in, max)) {
            for (Item item = reader.next(); item != null; item = reader.next()) {
                items.add(item);
            }
        }
        return items;
    }
}
