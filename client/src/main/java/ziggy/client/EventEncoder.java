package ziggy.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.bson.types.Decimal128;

/**
 * Encodes one closed context as the BSON document Ziggy's Python client sends, into one exact-size array.
 *
 * <p>The document, byte by byte (all integers little-endian, as BSON is):
 * <pre>
 *   int32   total length, counting these 4 bytes and the final 0x00
 *   0x02 "id"    0x00  int32 n, n-1 bytes of UTF-8, 0x00     32 hex chars unless the application chose one
 *   0x02 "type"  0x00  string                                 e.g. "request.sql"
 *   0x02 "host"  0x00  string                                 this machine's host name
 *   0x10 "pid"   0x00  int32                                  this process's id
 *   0x01 "start" 0x00  double                                 seconds since the epoch, when the context opened
 *   0x01 "end"   0x00  double                                 seconds since the epoch, when it closed
 *   0x03 "body"  0x00  document                               the fields, dotted keys nested
 *   0x00
 * </pre>
 * Body values map as follows: String/CharSequence/Character 0x02; Integer, Short, Byte, and Long or
 * BigInteger that fit 32 bits 0x10 (as Python's bson does for int); other longs 0x12; Float, Double and other
 * numbers 0x01; BigDecimal 0x13 (decimal128; its text when it does not fit); Boolean 0x08; null 0x0A;
 * Map 0x03 (keys by {@code String.valueOf}); List, Collection and arrays 0x04 (char[] as a string); byte[]
 * 0x05 subtype 0; UUID 0x05 subtype 4 (big-endian, RFC 4122); Instant and Date 0x09 (milliseconds). Anything
 * else is stored as its {@code toString()}. A NUL in a key is left out (BSON keys end at NUL); an unpaired
 * surrogate in a string becomes '?'. A container met again inside itself is written as the string "(cycle)",
 * and nesting deeper than 100 levels as "(too deep)".
 *
 * <p>One encoder per thread ({@link PerThread}) reuses its scratch array; only the result is allocated.
 * Encoding is most of what an event costs the application thread, and most of that is turning characters
 * into bytes, so the encoder turns each once where it can: the envelope's keys are constants, the
 * {@code host} and {@code pid} elements are kept for the host and pid last seen, and the keys an
 * application uses again and again (literals, the same String each time) are kept in a small table.
 */
final class EventEncoder {
    /** The largest document BSON allows (and MongoDB tools read). */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
    private static final int MAX_DEPTH = 100;
    private static final int KEEP_SCRATCH_BYTES = 64 * 1024;
    private static final byte[] ID_KEY = element(0x02, "id");
    private static final byte[] TYPE_KEY = element(0x02, "type");
    private static final byte[] START_KEY = element(0x01, "start");
    private static final byte[] END_KEY = element(0x01, "end");
    private static final byte[] BODY_KEY = element(0x03, "body");
    /** Array elements are keyed "0", "1", ...: the same String objects each time, so the key table finds them. */
    private static final String[] INDEX_KEYS = new String[256];
    private static final int KEY_SLOTS = 128;
    private static final int MAX_KEPT_KEY_CHARS = 64;
    /** BSON's little-endian int32 and int64 as single stores, not four or eight shifted bytes. */
    private static final VarHandle INT32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int i = 0; i < INDEX_KEYS.length; i++) {
            INDEX_KEYS[i] = Integer.toString(i);
        }
    }

    private byte[] buf = new byte[1024];
    private int pos;
    private final Object[] path = new Object[MAX_DEPTH + 1];
    private int depth;
    /** The encoded host and pid elements, for {@link #hostOfOrigin} and {@link #pidOfOrigin}. */
    private byte[] origin;
    private String hostOfOrigin;
    private int pidOfOrigin;
    /**
     * Keys already encoded (type byte excluded, NUL included), by {@code hashCode()} slot and found by
     * identity: a slot is filled once, by the first key that lands in it, so keys made afresh for each
     * event (which would never be found again) cost no allocation beyond their first.
     */
    private final String[] keptKeys = new String[KEY_SLOTS];
    private final byte[][] keptKeyBytes = new byte[KEY_SLOTS][];
    private final int[] keptKeyLengths = new int[KEY_SLOTS];

    /** Thrown when the document would pass {@link #MAX_DOCUMENT_BYTES}. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("event larger than " + MAX_DOCUMENT_BYTES + " bytes", null, false, false);
        }
    }

    /** The event; its id is {@code idText}, or when that is null the generated id {@code idHigh}, {@code idLow}. */
    byte[] encode(String idText, long idHigh, long idLow, String type, String host, int pid, double start,
            double end, Fields body) {
        pos = 0;
        depth = 0;
        try {
            int top = beginDocument();
            putBytes(ID_KEY);
            if (idText != null) {
                writeStringValue(idText);
            } else {
                writeGeneratedId(idHigh, idLow);
            }
            putBytes(TYPE_KEY);
            writeStringValue(type);
            putBytes(originOf(host, pid));
            putBytes(START_KEY);
            writeLong(Double.doubleToRawLongBits(start));
            putBytes(END_KEY);
            writeLong(Double.doubleToRawLongBits(end));
            putBytes(BODY_KEY);
            writeFields(body == null ? new Fields(0) : body);
            endDocument(top);
            return Arrays.copyOf(buf, pos);
        } finally {
            Arrays.fill(path, 0, depth, null);
            if (buf.length > KEEP_SCRATCH_BYTES) {
                buf = new byte[1024];
            }
        }
    }

    /** A generated id's 32 hex digits as a BSON string, made in place. */
    private void writeGeneratedId(long idHigh, long idLow) {
        ensure(4 + EventIds.LENGTH + 1);
        INT32.set(buf, pos, EventIds.LENGTH + 1);
        EventIds.writeHex(buf, pos + 4, idHigh, idLow);
        buf[pos + 4 + EventIds.LENGTH] = 0;
        pos += 4 + EventIds.LENGTH + 1;
    }

    /** The {@code host} and {@code pid} elements, encoded once for each host and pid in a row. */
    private byte[] originOf(String host, int pid) {
        if (origin == null || host != hostOfOrigin || pid != pidOfOrigin) {
            int documentStart = pos;
            writeKey((byte) 0x02, "host");
            writeStringValue(host);
            writeKey((byte) 0x10, "pid");
            writeInt(pid);
            origin = Arrays.copyOfRange(buf, documentStart, pos);
            hostOfOrigin = host;
            pidOfOrigin = pid;
            pos = documentStart;
        }
        return origin;
    }

    /** A constant element header: type byte, key, NUL. */
    private static byte[] element(int type, String key) {
        byte[] name = key.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[name.length + 2];
        header[0] = (byte) type;
        System.arraycopy(name, 0, header, 1, name.length);
        return header;
    }

    private static String indexKey(int index) {
        return index < INDEX_KEYS.length ? INDEX_KEYS[index] : Integer.toString(index);
    }

    private void writeFields(Fields fields) {
        int start = beginDocument();
        for (int i = 0; i < fields.size(); i++) {
            writeElement(fields.keyAt(i), fields.valueAt(i));
        }
        endDocument(start);
    }

    private void writeElement(String key, Object v) {
        if (v == null) {
            writeKey((byte) 0x0A, key);
        } else if (v instanceof String s) {
            writeKey((byte) 0x02, key);
            writeStringValue(s);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            writeKey((byte) 0x10, key);
            writeInt(((Number) v).intValue());
        } else if (v instanceof Long l) {
            writeWhole(key, l);
        } else if (v instanceof Double || v instanceof Float) {
            writeKey((byte) 0x01, key);
            writeLong(Double.doubleToRawLongBits(((Number) v).doubleValue()));
        } else if (v instanceof Boolean b) {
            writeKey((byte) 0x08, key);
            put(b ? (byte) 1 : (byte) 0);
        } else if (v instanceof Fields || v instanceof Map || v instanceof Collection || v instanceof Object[]) {
            writeContainer(key, v);
        } else {
            writeOther(key, v);
        }
    }

    private void writeOther(String key, Object v) {
        if (v instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                writeWhole(key, big.longValue());
            } else {
                writeKey((byte) 0x02, key);
                writeStringValue(big.toString());
            }
        } else if (v instanceof BigDecimal dec) {
            writeDecimal(key, dec);
        } else if (v instanceof Number n) {
            if (Numbers.isWhole(n)) {
                writeWhole(key, n.longValue());
            } else {
                writeKey((byte) 0x01, key);
                writeLong(Double.doubleToRawLongBits(n.doubleValue()));
            }
        } else if (v instanceof CharSequence || v instanceof Character) {
            writeKey((byte) 0x02, key);
            writeStringValue(v.toString());
        } else if (v instanceof byte[] bytes) {
            writeKey((byte) 0x05, key);
            writeInt(bytes.length);
            put((byte) 0x00);
            putBytes(bytes);
        } else if (v instanceof UUID uuid) {
            writeKey((byte) 0x05, key);
            writeInt(16);
            put((byte) 0x04);
            writeLongBigEndian(uuid.getMostSignificantBits());
            writeLongBigEndian(uuid.getLeastSignificantBits());
        } else if (v instanceof Instant instant) {
            writeDateTime(key, instant);
        } else if (v instanceof Date date) {
            writeKey((byte) 0x09, key);
            writeLong(date.getTime());
        } else if (v instanceof char[] chars) {
            writeKey((byte) 0x02, key);
            writeStringValue(new String(chars));
        } else if (v.getClass().isArray()) {
            writeContainer(key, v);
        } else {
            writeKey((byte) 0x02, key);
            writeStringValue(textOf(v));
        }
    }

    private void writeWhole(String key, long l) {
        if (l == (int) l) {
            writeKey((byte) 0x10, key);
            writeInt((int) l);
        } else {
            writeKey((byte) 0x12, key);
            writeLong(l);
        }
    }

    private void writeDecimal(String key, BigDecimal dec) {
        Decimal128 d;
        try {
            d = new Decimal128(dec);
        } catch (NumberFormatException tooPrecise) {
            writeKey((byte) 0x02, key);
            writeStringValue(dec.toString());
            return;
        }
        writeKey((byte) 0x13, key);
        writeLong(d.getLow());
        writeLong(d.getHigh());
    }

    private void writeDateTime(String key, Instant instant) {
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException outOfRange) {
            writeKey((byte) 0x02, key);
            writeStringValue(instant.toString());
            return;
        }
        writeKey((byte) 0x09, key);
        writeLong(millis);
    }

    /** Documents (Fields, Map) and arrays (Collection, Object[], primitive arrays), with the cycle guard. */
    private void writeContainer(String key, Object container) {
        for (int i = 0; i < depth; i++) {
            if (path[i] == container) {
                writeKey((byte) 0x02, key);
                writeStringValue("(cycle)");
                return;
            }
        }
        if (depth == MAX_DEPTH) {
            writeKey((byte) 0x02, key);
            writeStringValue("(too deep)");
            return;
        }
        path[depth++] = container;
        try {
            if (container instanceof Fields fields) {
                writeKey((byte) 0x03, key);
                writeFields(fields);
            } else if (container instanceof Map<?, ?> map) {
                writeKey((byte) 0x03, key);
                int start = beginDocument();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    writeElement(String.valueOf(entry.getKey()), entry.getValue());
                }
                endDocument(start);
            } else {
                writeKey((byte) 0x04, key);
                writeArray(container);
            }
        } finally {
            path[--depth] = null;
        }
    }

    private void writeArray(Object container) {
        int start = beginDocument();
        int index = 0;
        if (container instanceof Collection<?> items) {
            for (Object item : items) {
                writeElement(indexKey(index++), item);
            }
        } else if (container instanceof Object[] items) {
            for (Object item : items) {
                writeElement(indexKey(index++), item);
            }
        } else {
            int n = java.lang.reflect.Array.getLength(container);
            for (; index < n; index++) {
                writeElement(indexKey(index), java.lang.reflect.Array.get(container, index));
            }
        }
        endDocument(start);
    }

    private static String textOf(Object v) {
        try {
            return String.valueOf(v.toString());
        } catch (RuntimeException e) {
            return "(toString() threw " + e.getClass().getName() + ")";
        }
    }

    private int beginDocument() {
        int start = pos;
        ensure(4);
        pos += 4;
        return start;
    }

    private void endDocument(int start) {
        put((byte) 0x00);
        INT32.set(buf, start, pos - start);
    }

    /** Type byte, then the key as a cstring (UTF-8, NUL-terminated; NULs inside the key left out). */
    private void writeKey(byte type, String key) {
        int slot = key.hashCode() & (KEY_SLOTS - 1);
        if (keptKeys[slot] == key) {
            writeKeptKey(type, keptKeyBytes[slot], keptKeyLengths[slot]);
            return;
        }
        put(type);
        int start = pos;
        writeUtf8(key, true);
        put((byte) 0x00);
        if (keptKeys[slot] == null && key.length() <= MAX_KEPT_KEY_CHARS) {
            int length = pos - start;
            keptKeys[slot] = key;
            keptKeyBytes[slot] = Arrays.copyOfRange(buf, start, start + (length + 7 & ~7));
            keptKeyLengths[slot] = length;
        }
    }

    /**
     * A kept key, copied eight bytes at a time: keys are a few bytes long, where a copy call costs more than
     * the copy. The padding written past the key is overwritten by what follows it.
     */
    private void writeKeptKey(byte type, byte[] padded, int length) {
        int to = pos + 1;
        if (to + padded.length > buf.length) {
            ensure(1 + length);
            buf[pos] = type;
            System.arraycopy(padded, 0, buf, to, length);
        } else {
            buf[pos] = type;
            for (int i = 0; i < padded.length; i += 8) {
                INT64.set(buf, to + i, (long) INT64.get(padded, i));
            }
        }
        pos = to + length;
    }

    /** int32 length (bytes + 1), UTF-8 bytes, 0x00. */
    private void writeStringValue(String s) {
        ensure(4);
        int lengthAt = pos;
        pos += 4;
        writeUtf8(s, false);
        put((byte) 0x00);
        INT32.set(buf, lengthAt, pos - lengthAt - 4);
    }

    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) keeps each char's low byte: exact for ASCII
    private void writeUtf8(String s, boolean skipNul) {
        int n = s.length();
        if (!skipNul && isAscii(s, n)) {
            ensure(n);
            s.getBytes(0, n, buf, pos);
            pos += n;
            return;
        }
        // Reserve the worst case (3 bytes a char) for short strings; count exactly for long ones, so a big
        // ASCII string is not refused for bytes it will never need.
        ensure(n <= 4096 ? n * 3 : utf8Length(s));
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == 0 && skipNul) {
                    continue;
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[p++] = (byte) '?';
                }
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
    }

    /**
     * Whether every character is below 0x80, as nearly every string is. This plain OR over the characters
     * and then the JDK's copy of the bytes run several times faster than one loop that tests each
     * character on the way, which the JIT cannot unroll or vectorize.
     */
    private static boolean isAscii(String s, int n) {
        int bits = 0;
        for (int i = 0; i < n; i++) {
            bits |= s.charAt(i);
        }
        return bits < 0x80;
    }

    private static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            length += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return length;
    }

    private void writeInt(int v) {
        ensure(4);
        INT32.set(buf, pos, v);
        pos += 4;
    }

    private void writeLong(long v) {
        ensure(8);
        INT64.set(buf, pos, v);
        pos += 8;
    }

    private void writeLongBigEndian(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void putBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void ensure(int more) {
        long needed = (long) pos + more;
        if (needed > buf.length) {
            if (needed > MAX_DOCUMENT_BYTES) {
                throw new TooLarge();
            }
            buf = Arrays.copyOf(buf, (int) Math.min(Math.max(needed, buf.length * 2L), MAX_DOCUMENT_BYTES));
        }
    }
}
