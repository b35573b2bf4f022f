package ziggy.protocol.file;

/**
 * Decides whether bytes are exactly one well-formed BSON document by walking them as the BSON
 * specification (bsonspec.org, version 1.1) lays them out, without decoding into objects:
 *
 * <pre>
 * document := int32 total-length, element*, 0x00        (total-length counts itself and the 0x00)
 * element  := type-byte, key (UTF-8 bytes, 0x00), value  (the value's size depends on the type byte)
 * string   := int32 n (n &gt;= 1), n - 1 bytes of UTF-8, 0x00
 * </pre>
 *
 * Every length must agree with the bytes that frame it, every type byte must be one the
 * specification defines, every key and string must be valid UTF-8, and nested documents and arrays
 * are walked the same way down to {@link #MAX_DEPTH}. Values are not range-checked (a datetime is
 * any int64), which is also what the daemon accepts.
 */
final class DocumentWalk {
    /** Deeper nesting than any event needs; the bound keeps a hostile file from exhausting the stack. */
    static final int MAX_DEPTH = 100;

    private final byte[] bytes;
    /** Where the value of a top-level string element named {@code type} starts (its int32 length), or -1. */
    private int typeValue = -1;

    private DocumentWalk(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * True when {@code bytes[offset, offset + length)} is one well-formed document whose top level has
     * a string {@code type} that is a plausible Ziggy type name: 1 to 200 characters of
     * {@code [A-Za-z0-9_.-]}. Every Ziggy event has one; a nested document rarely does.
     */
    static boolean isEvent(byte[] bytes, int offset, int length) {
        DocumentWalk walk = new DocumentWalk(bytes);
        try {
            walk.document(offset, offset + length, 0);
        } catch (Malformed e) {
            return false;
        }
        if (walk.typeValue < 0) {
            return false;
        }
        int n = walk.int32(walk.typeValue) - 1;
        if (n < 1 || n > 200) {
            return false;
        }
        for (int i = walk.typeValue + 4; i < walk.typeValue + 4 + n; i++) {
            int c = bytes[i];
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '.' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns null when {@code bytes[offset, offset + length)} is exactly one well-formed document,
     * otherwise what is wrong with it, in words for a person.
     */
    static String fault(byte[] bytes, int offset, int length) {
        try {
            new DocumentWalk(bytes).document(offset, offset + length, 0);
            return null;
        } catch (Malformed e) {
            return e.getMessage();
        }
    }

    private void document(int start, int end, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("documents nested deeper than " + MAX_DEPTH);
        }
        if (end - start < 5) {
            throw new Malformed("a document shorter than 5 bytes");
        }
        int declared = int32(start);
        if (declared != end - start) {
            throw new Malformed("a document declares " + declared + " bytes but is framed as " + (end - start));
        }
        int last = end - 1;
        int position = start + 4;
        while (position < last) {
            int type = bytes[position] & 0xff;
            if (type == 0) {
                throw new Malformed("a document's terminator comes before its end");
            }
            int key = position + 1;
            position = cstring(key, last);
            if (depth == 0 && type == 0x02 && position - key == 5 && isTypeKey(key)) {
                typeValue = position;
            }
            position = value(type, position, last, depth);
        }
        if (position != last || bytes[last] != 0) {
            throw new Malformed("a document does not end with its 0x00 terminator");
        }
    }

    /** Walks the value of an element of {@code type} at {@code position}; returns where the next element starts. */
    private int value(int type, int position, int limit, int depth) {
        switch (type) {
            case 0x01: // double
            case 0x09: // UTC datetime
            case 0x11: // timestamp
            case 0x12: // int64
                return fixed(position, 8, limit);
            case 0x02: // string
            case 0x0D: // JavaScript code
            case 0x0E: // symbol
                return string(position, limit);
            case 0x03: // embedded document
            case 0x04: // array: a document whose keys are "0", "1", …
                return embedded(position, limit, depth);
            case 0x05: { // binary: int32 n, subtype byte, n bytes
                int n = length(position, limit);
                return fixed(position + 4, 1 + (long) n, limit);
            }
            case 0x06: // undefined
            case 0x0A: // null
            case 0x7F: // max key
            case 0xFF: // min key
                return position;
            case 0x07: // ObjectId
                return fixed(position, 12, limit);
            case 0x08: { // boolean
                int next = fixed(position, 1, limit);
                if (bytes[position] != 0 && bytes[position] != 1) {
                    throw new Malformed("a boolean that is neither 0x00 nor 0x01");
                }
                return next;
            }
            case 0x0B: // regular expression: pattern cstring, options cstring
                return cstring(cstring(position, limit), limit);
            case 0x0C: // DBPointer: string, 12-byte ObjectId
                return fixed(string(position, limit), 12, limit);
            case 0x0F: { // code with scope: int32 total, string, document
                int total = length(position, limit);
                int end = fixed(position, total, limit);
                int scope = string(position + 4, end);
                embeddedExactly(scope, end, depth);
                return end;
            }
            case 0x10: // int32
                return fixed(position, 4, limit);
            case 0x13: // decimal128
                return fixed(position, 16, limit);
            default:
                throw new Malformed(String.format("an unknown element type 0x%02X", type));
        }
    }

    private int embedded(int position, int limit, int depth) {
        int n = length(position, limit);
        int end = fixed(position, n, limit);
        document(position, end, depth + 1);
        return end;
    }

    private void embeddedExactly(int position, int end, int depth) {
        int n = length(position, end);
        if (position + (long) n != end) {
            throw new Malformed("a code-with-scope length disagrees with its parts");
        }
        document(position, end, depth + 1);
    }

    private int string(int position, int limit) {
        int n = length(position, limit);
        if (n < 1) {
            throw new Malformed("a string length below 1");
        }
        int end = fixed(position + 4, n, limit);
        if (bytes[end - 1] != 0) {
            throw new Malformed("a string without its 0x00 terminator");
        }
        utf8(position + 4, end - 1);
        return end;
    }

    /** A key or regex part: UTF-8 up to a 0x00 that must come before {@code limit}. */
    private int cstring(int position, int limit) {
        for (int i = position; i < limit; i++) {
            if (bytes[i] == 0) {
                utf8(position, i);
                return i + 1;
            }
        }
        throw new Malformed("a key runs past the end of its document");
    }

    private boolean isTypeKey(int key) {
        return bytes[key] == 't' && bytes[key + 1] == 'y' && bytes[key + 2] == 'p' && bytes[key + 3] == 'e';
    }

    /** An int32 length at {@code position} that must itself fit before {@code limit} and be non-negative. */
    private int length(int position, int limit) {
        fixed(position, 4, limit);
        int n = int32(position);
        if (n < 0) {
            throw new Malformed("a negative length");
        }
        return n;
    }

    private static int fixed(int position, long size, int limit) {
        if (position + size > limit) {
            throw new Malformed("a value runs past the end of its document");
        }
        return (int) (position + size);
    }

    private int int32(int position) {
        return (bytes[position] & 0xff)
                | (bytes[position + 1] & 0xff) << 8
                | (bytes[position + 2] & 0xff) << 16
                | (bytes[position + 3] & 0xff) << 24;
    }

    /** RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
    private void utf8(int from, int to) {
        int i = from;
        while (i < to) {
            int lead = bytes[i] & 0xff;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int continuations;
            int low = 0x80;
            int high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuations = 2;
                low = lead == 0xE0 ? 0xA0 : 0x80;
                high = lead == 0xED ? 0x9F : 0xBF;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuations = 3;
                low = lead == 0xF0 ? 0x90 : 0x80;
                high = lead == 0xF4 ? 0x8F : 0xBF;
            } else {
                throw new Malformed("a string that is not valid UTF-8");
            }
            if (i + continuations >= to) {
                throw new Malformed("a string that is not valid UTF-8");
            }
            for (int k = 1; k <= continuations; k++) {
                int c = bytes[i + k] & 0xff;
                int min = k == 1 ? low : 0x80;
                int max = k == 1 ? high : 0xBF;
                if (c < min || c > max) {
                    throw new Malformed("a string that is not valid UTF-8");
                }
            }
            i += continuations + 1;
        }
    }

    /** A fault found on the walk; it carries no stack trace because damage is an expected input. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
