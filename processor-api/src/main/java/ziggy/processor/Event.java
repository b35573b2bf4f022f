package ziggy.processor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonArray;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * One event as a processor sees it: the client's BSON bytes ({@code buffer[offset, offset + length)},
 * a heap or a direct buffer), read where they lie, by absolute index below the buffer's limit: its
 * position, limit and order are never used or changed. {@link #type()}, {@link #id()} and {@link #field(FieldPath)} walk the raw
 * document to the one value asked for, skipping every other value by its length, and decode only
 * that value; {@link #document()} decodes everything, for a processor that must rebuild the event.
 *
 * <p>The walk follows the BSON specification (bsonspec.org 1.1): a document is an int32 length,
 * elements (a type byte, a key ending 0x00, a value whose size its type gives) and 0x00. When a key
 * occurs twice, the last one counts, as when the document is decoded. The bytes are trusted to be a
 * well-formed document (the daemon checks each event before the chain sees it); bytes that are not
 * make these methods throw {@link IllegalArgumentException}, never read outside the slice.
 *
 * <p>Not thread-safe, and the bytes are not copied: an event is valid during the call it was given to.
 */
public final class Event {
    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();
    private static final FieldPath TYPE = FieldPath.of("type");
    private static final FieldPath ID = FieldPath.of("id");
    private static final int NOT_FOUND = -1;
    private static final VarHandle INT_LE = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final ByteBuffer buffer;
    private final int offset;
    private final int length;
    private String type;
    /** Set by {@link #find}: where the document holding the element found begins. */
    private int foundParent;

    private Event(ByteBuffer buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.limit());
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        if (length < 5 || readInt(offset) != length) {
            throw new IllegalArgumentException("not a BSON document: its length prefix does not say " + length);
        }
    }

    /**
     * The event held in {@code buffer[offset, offset + length)} (absolute indexes, below the
     * buffer's limit, whatever its position); not copied.
     */
    public static Event of(ByteBuffer buffer, int offset, int length) {
        return new Event(buffer, offset, length);
    }

    /** The event held in {@code bytes[offset, offset + length)}; not copied. */
    public static Event of(byte[] bytes, int offset, int length) {
        return new Event(ByteBuffer.wrap(bytes), offset, length);
    }

    public static Event of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    public static Event of(BsonDocument document) {
        return of(encode(document));
    }

    /** The buffer the event lies in (not a copy; do not change it); the event is {@code [offset(), offset() + length())} of it. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** A copy of the event's bytes, to keep past the call. */
    public byte[] toByteArray() {
        byte[] copy = new byte[length];
        buffer.get(offset, copy);
        return copy;
    }

    /** The top-level {@code type} string, or null when there is none (or it is not a string). */
    public String type() {
        if (type == null) {
            type = topLevelString(TYPE);
        }
        return type;
    }

    /** The top-level {@code id} string, or null. */
    public String id() {
        return topLevelString(ID);
    }

    private String topLevelString(FieldPath path) {
        int element = find(path);
        if (element == NOT_FOUND || buffer.get(element) != 0x02) {
            return null;
        }
        int value = skipKey(element + 1, offset + length);
        return readString(value);
    }

    /** The value at {@code dottedPath} ({@code body.password}), or null when the event has none there. */
    public BsonValue field(String dottedPath) {
        return field(FieldPath.of(dottedPath));
    }

    /** The value at {@code path}, or null; decodes that value only (a document or array as a raw copy). */
    public BsonValue field(FieldPath path) {
        int element = find(path);
        return element == NOT_FOUND ? null : valueAt(element);
    }

    /** Whether the event has a value at {@code path}, decoding nothing. */
    public boolean has(FieldPath path) {
        return find(path) != NOT_FOUND;
    }

    /** The whole event, decoded. */
    public BsonDocument document() {
        try (BsonBinaryReader reader = new BsonBinaryReader(buffer.slice(offset, length))) {
            return CODEC.decode(reader, DecoderContext.builder().build());
        }
    }

    /**
     * This event's bytes with the top-level {@code type} set to {@code newType}, every other byte as
     * it was: only the type string and the document's length change.
     *
     * @throws IllegalArgumentException when the event has no string {@code type}
     */
    public byte[] withType(String newType) {
        int element = find(TYPE);
        if (element == NOT_FOUND || buffer.get(element) != 0x02) {
            throw new IllegalArgumentException("the event has no string type to change");
        }
        int value = skipKey(element + 1, offset + length);
        int oldEnd = value + 4 + readInt(value);
        byte[] name = newType.getBytes(StandardCharsets.UTF_8);
        int newLength = length - (oldEnd - value) + 4 + name.length + 1;
        byte[] out = new byte[newLength];
        buffer.get(offset, out, 0, value - offset);
        ByteBuffer target = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        target.putInt(0, newLength);
        int at = value - offset;
        target.putInt(at, name.length + 1);
        System.arraycopy(name, 0, out, at + 4, name.length);
        out[at + 4 + name.length] = 0;
        buffer.get(oldEnd, out, at + 5 + name.length, offset + length - oldEnd);
        return out;
    }

    /** Encodes {@code document} as BSON bytes. */
    public static byte[] encode(BsonDocument document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            CODEC.encode(writer, document, EncoderContext.builder().build());
        }
        return buffer.toByteArray();
    }

    /**
     * The event-type rule (the same as the daemon's): 1 to 200 characters of {@code [A-Za-z0-9_.-]},
     * no leading or trailing {@code .}, no {@code ..}.
     */
    public static boolean isValidType(String type) {
        if (type == null || type.isEmpty() || type.length() > 200) {
            return false;
        }
        char previous = '.';
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '.') {
                if (previous == '.') {
                    return false;
                }
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
            previous = c;
        }
        return previous != '.';
    }

    // ---- the raw walk ----

    /** The index of the element's type byte at {@code path}, the last of equal keys, or {@link #NOT_FOUND}. */
    private int find(FieldPath path) {
        int document = offset;
        boolean array = false;
        int steps = path.length();
        for (int step = 0; step < steps; step++) {
            byte[] key = array ? path.indexKeys[step] : path.keys[step];
            if (key == null) {
                return NOT_FOUND;
            }
            int element = findInDocument(document, key, array ? path.indexKeyWords[step] : path.keyWords[step]);
            if (element == NOT_FOUND) {
                return NOT_FOUND;
            }
            if (step == steps - 1) {
                foundParent = document;
                return element;
            }
            byte type = buffer.get(element);
            if (type != 0x03 && type != 0x04) {
                return NOT_FOUND;
            }
            array = type == 0x04;
            document = skipKey(element + 1, offset + length);
        }
        return NOT_FOUND;
    }

    /**
     * Walks the document at {@code start} for its last element with {@code key} ({@code keyWord}: the
     * key as a word when shorter than 8 bytes). The type byte and the first seven bytes of the key
     * are read as one little-endian word, SWAR fashion, as {@code EventScanner} does: the lowest set
     * bit of {@code (x - 0x0101..) & ~x & 0x8080..} marks the first 0x00 byte, which ends most keys.
     */
    private int findInDocument(int start, byte[] key, long keyWord) {
        int end = checkedEnd(start, offset + length);
        int position = start + 4;
        int found = NOT_FOUND;
        boolean shortKey = key.length < 7;
        while (true) {
            if (position >= end) {
                throw malformed();
            }
            int keyStart = position + 1;
            byte type;
            int value;
            boolean match;
            long header;
            if (position <= end - 8 && ((header = (long) LONG_LE.get(buffer, position)) & 0xFF) != 0
                    && ((((header >>> 8) - LOW_BITS) & ~(header >>> 8) & HIGH_BITS) & 0x00FFFFFFFFFFFFFFL) != 0) {
                long keyBytes = header >>> 8;
                long zeros = (keyBytes - LOW_BITS) & ~keyBytes & HIGH_BITS;
                int keyLength = Long.numberOfTrailingZeros(zeros) >>> 3;
                type = (byte) header;
                value = keyStart + keyLength + 1;
                match = keyLength == key.length && shortKey && (keyBytes & ((1L << (keyLength << 3)) - 1)) == keyWord;
            } else {
                type = buffer.get(position);
                if (type == 0) {
                    if (position != end - 1) {
                        throw malformed();
                    }
                    return found;
                }
                value = skipKey(keyStart, end);
                match = value - 1 - keyStart == key.length && keyEquals(keyStart, key);
            }
            if (match) {
                found = position;
            }
            position = value + valueSize(type, value, end);
        }
    }

    private boolean keyEquals(int at, byte[] key) {
        int i = 0;
        for (; i <= key.length - 8; i += 8) {
            if ((long) LONG_LE.get(buffer, at + i) != wordOf(key, i)) {
                return false;
            }
        }
        for (; i < key.length; i++) {
            if (buffer.get(at + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    private static long wordOf(byte[] key, int from) {
        long word = 0;
        for (int i = from + 7; i >= from; i--) {
            word = (word << 8) | (key[i] & 0xFF);
        }
        return word;
    }

    /** The index after the 0x00 that ends the cstring at {@code at}: eight bytes a test, then byte by byte. */
    private int skipKey(int at, int end) {
        int i = at;
        for (; i <= end - 8; i += 8) {
            long word = (long) LONG_LE.get(buffer, i);
            long zeros = (word - LOW_BITS) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3) + 1;
            }
        }
        for (; i < end; i++) {
            if (buffer.get(i) == 0) {
                return i + 1;
            }
        }
        throw malformed();
    }

    private int checkedEnd(int documentStart, int limit) {
        if (documentStart + 4 > limit) {
            throw malformed();
        }
        int size = readInt(documentStart);
        if (size < 5 || size > limit - documentStart) {
            throw malformed();
        }
        return documentStart + size;
    }

    /** The size of the value of {@code type} at {@code at}, which must end before {@code end}. */
    private int valueSize(byte type, int at, int end) {
        int size;
        switch (type) {
            case 0x01: case 0x09: case 0x11: case 0x12:
                size = 8;
                break;
            case 0x02: case 0x0D: case 0x0E:
                size = 4 + lengthAt(at, end);
                break;
            case 0x03: case 0x04: case 0x0F:
                size = lengthAt(at, end);
                break;
            case 0x05:
                size = 5 + lengthAt(at, end);
                break;
            case 0x06: case 0x0A: case 0x7F: case (byte) 0xFF:
                size = 0;
                break;
            case 0x07:
                size = 12;
                break;
            case 0x08:
                size = 1;
                break;
            case 0x10:
                size = 4;
                break;
            case 0x13:
                size = 16;
                break;
            case 0x0B:
                size = skipKey(skipKey(at, end), end) - at;
                break;
            case 0x0C:
                size = 4 + lengthAt(at, end) + 12;
                break;
            default:
                throw malformed();
        }
        if (size < 0 || size > end - 1 - at) {
            throw malformed();
        }
        return size;
    }

    private int lengthAt(int at, int end) {
        if (at + 4 > end) {
            throw malformed();
        }
        int n = readInt(at);
        if (n < 0) {
            throw malformed();
        }
        return n;
    }

    private BsonValue valueAt(int element) {
        byte type = buffer.get(element);
        int at = skipKey(element + 1, offset + length);
        switch (type) {
            case 0x01:
                return new BsonDouble(Double.longBitsToDouble(readLong(at)));
            case 0x02:
                return new BsonString(readString(at));
            case 0x03:
                return new RawBsonDocument(copy(at, readInt(at)));
            case 0x04:
                return new RawBsonArray(copy(at, readInt(at)));
            case 0x07:
                return new BsonObjectId(new ObjectId(buffer.slice(at, 12)));
            case 0x08:
                return BsonBoolean.valueOf(buffer.get(at) != 0);
            case 0x09:
                return new BsonDateTime(readLong(at));
            case 0x0A:
                return BsonNull.VALUE;
            case 0x10:
                return new BsonInt32(readInt(at));
            case 0x12:
                return new BsonInt64(readLong(at));
            case 0x13:
                return new BsonDecimal128(Decimal128.fromIEEE754BIDEncoding(readLong(at + 8), readLong(at)));
            default: {
                // The rare types: let the driver decode the element's document and pick the value out.
                String key = new String(copy(element + 1, at - element - 2), StandardCharsets.UTF_8);
                int parent = foundParent;
                return new RawBsonDocument(copy(parent, readInt(parent))).get(key);
            }
        }
    }

    /** A copy of {@code buffer[at, at + n)}: a nested document or array outlives the event's bytes. */
    private byte[] copy(int at, int n) {
        byte[] copy = new byte[n];
        buffer.get(at, copy);
        return copy;
    }

    private String readString(int at) {
        int n = readInt(at) - 1;
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + at + 4, n, StandardCharsets.UTF_8);
        }
        return new String(copy(at + 4, n), StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("not a well-formed BSON document");
    }

    private int readInt(int at) {
        return (int) INT_LE.get(buffer, at);
    }

    private long readLong(int at) {
        return (long) LONG_LE.get(buffer, at);
    }

    @Override
    public String toString() {
        return "Event(" + type() + ", " + length + " bytes)";
    }
}
