package ziggy.daemon.pylog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A BSON document written straight into a reused byte array: org.bson's writer checks its state machine and
 * encodes names through a general path per field, which cost as much as parsing the record's JSON. Names and
 * strings are Java strings, encoded as UTF-8 (lone surrogates as {@code ?}, as {@link String#getBytes} does, so
 * the event stays valid UTF-8); a name holding NUL cannot be a BSON name and throws.
 */
final class BsonOut {
    private byte[] bytes = new byte[4096];
    private int length;
    private final int[] open = new int[128];
    private int depth;

    void reset() {
        length = 0;
        depth = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Appends the elements {@code other} holds (written there without a document around them). */
    void append(BsonOut other) {
        ensure(other.length);
        System.arraycopy(other.bytes, 0, bytes, length, other.length);
        length += other.length;
    }

    void startDocument() {
        if (depth == open.length) {
            throw new IllegalArgumentException("nested deeper than " + open.length);
        }
        open[depth++] = length;
        ensure(4);
        length += 4;
    }

    /** Starts a nested document (type 0x03) or array (0x04) named {@code name}. */
    void startDocument(String name, boolean array) {
        header(array ? 0x04 : 0x03, name);
        startDocument();
    }

    void endDocument() {
        ensure(1);
        bytes[length++] = 0;
        int start = open[--depth];
        putInt(start, length - start);
    }

    void string(String name, String value) {
        header(0x02, name);
        int at = length;
        ensure(4);
        length += 4;
        utf8(value);
        ensure(1);
        bytes[length++] = 0;
        putInt(at, length - at - 4);
    }

    void int32(String name, int value) {
        header(0x10, name);
        ensure(4);
        putInt(length, value);
        length += 4;
    }

    void int64(String name, long value) {
        header(0x12, name);
        putLong(value);
    }

    void float64(String name, double value) {
        header(0x01, name);
        putLong(Double.doubleToRawLongBits(value));
    }

    void bool(String name, boolean value) {
        header(0x08, name);
        ensure(1);
        bytes[length++] = (byte) (value ? 1 : 0);
    }

    void nil(String name) {
        header(0x0A, name);
    }

    private void header(int type, String name) {
        ensure(1);
        bytes[length++] = (byte) type;
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a BSON name cannot hold NUL");
        }
        utf8(name);
        ensure(1);
        bytes[length++] = 0;
    }

    private void utf8(String text) {
        // The JDK's encoder copies an ASCII string's bytes in bulk; a loop of ours went char by char.
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
    }

    private void putInt(int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }

    private void putLong(long value) {
        ensure(8);
        putInt(length, (int) value);
        putInt(length + 4, (int) (value >>> 32));
        length += 8;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
