package ziggy.protocol.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The scanner as it was before {@link EventScanner} learned to read eight bytes at a time: the same
 * walk, one byte per read (but for ASCII runs inside strings). Kept as the oracle for {@link EventScannerMatchesByteAtATimeTest}, which
 * holds the fast scanner to the same verdict, reason and fields on every input. Its rules are
 * documented on {@link EventScanner}.
 */
final class ByteAtATimeEventScanner {
    /** Deeper documents are refused: MongoDB's own limit, and readers that recurse stay safe. */
    static final int MAX_DEPTH = EventScanner.MAX_DEPTH;

    private static final int MIN_DOCUMENT = 5;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final int[] documentEnds = new int[MAX_DEPTH + 1];
    private ByteBuffer buffer;
    private boolean littleEndian;
    private int frameEnd;
    private int position;
    private RejectReason fault;

    /**
     * Scans {@code buffer[offset, offset + length)} into {@code out}. Returns true when the event
     * is accepted; otherwise {@code out.reason()} says why. Never throws for any content, and never
     * changes the buffer's position or limit.
     */
    public boolean scan(ByteBuffer buffer, int offset, int length, ScannedEvent out) {
        out.reset();
        if (length == 0) {
            return reject(out, RejectReason.EMPTY);
        }
        if (length < MIN_DOCUMENT) {
            return reject(out, RejectReason.NOT_BSON);
        }
        this.buffer = buffer;
        this.littleEndian = buffer.order() == ByteOrder.LITTLE_ENDIAN;
        this.frameEnd = offset + length;
        int declared = readInt(offset);
        if (declared < MIN_DOCUMENT) {
            this.buffer = null;
            return reject(out, RejectReason.NOT_BSON);
        }
        boolean walked = walk(offset, (int) Math.min((long) offset + declared, Integer.MAX_VALUE), out);
        this.buffer = null;
        if (declared == length) {
            return walked ? checkType(buffer, out) : reject(out, fault);
        }
        if (declared > length) {
            return reject(out, fault == RejectReason.TRUNCATED ? RejectReason.TRUNCATED : RejectReason.NOT_BSON);
        }
        return reject(out, walked ? RejectReason.LENGTH_MISMATCH : RejectReason.NOT_BSON);
    }

    private static boolean reject(ScannedEvent out, RejectReason reason) {
        out.reason = reason;
        return false;
    }

    private static boolean checkType(ByteBuffer buffer, ScannedEvent out) {
        if (out.typeOffset < 0) {
            return reject(out, out.typeLength < 0 ? RejectReason.TYPE_NOT_STRING : RejectReason.MISSING_TYPE);
        }
        if (!TypeNames.isValid(buffer, out.typeOffset, out.typeLength)) {
            return reject(out, RejectReason.BAD_TYPE_NAME);
        }
        return true;
    }

    /** Walks the document {@code [start, end)}; on failure {@link #fault} says why. */
    private boolean walk(int start, int end, ScannedEvent out) {
        int depth = 0;
        documentEnds[0] = end;
        position = start + 4;
        while (true) {
            int documentEnd = documentEnds[depth];
            if (!available(1)) {
                return false;
            }
            int type = buffer.get(position) & 0xFF;
            if (position == documentEnd - 1) {
                if (type != 0) {
                    return fail(RejectReason.BAD_TERMINATOR);
                }
                position++;
                if (depth == 0) {
                    return true;
                }
                depth--;
                continue;
            }
            if (type == 0) {
                // A terminator before the declared end: the length claims more than the elements hold.
                return fail(RejectReason.LENGTH_MISMATCH);
            }
            if (!isKnownType(type)) {
                return fail(RejectReason.BAD_TYPE_BYTE);
            }
            position++;
            int keyStart = position;
            // The key's 0x00 must come before the document's own terminator.
            if (!skipCString(documentEnd - 1)) {
                return false;
            }
            int field = depth == 0 ? topLevelField(keyStart, position - 1 - keyStart) : NONE;
            int nested = value(type, documentEnd, field, out);
            if (nested == FAILED) {
                return false;
            }
            if (nested != NO_DOCUMENT) {
                if (depth == MAX_DEPTH) {
                    return fail(RejectReason.TOO_DEEP);
                }
                documentEnds[++depth] = nested;
            }
        }
    }

    private static final int FAILED = -1;
    private static final int NO_DOCUMENT = -2;

    private static final int NONE = 0;
    private static final int TYPE = 1;
    private static final int HOST = 2;
    private static final int START = 3;
    private static final int END = 4;

    /**
     * Reads one value at {@link #position} of the given element type. Returns {@link #FAILED},
     * {@link #NO_DOCUMENT}, or for a nested document the absolute end of that document, with
     * {@link #position} just past its length prefix.
     */
    private int value(int type, int documentEnd, int field, ScannedEvent out) {
        int valueEnd = documentEnd - 1;
        switch (type) {
            case 0x01: {
                markTypeNotString(field, out);
                if (!fixed(8, valueEnd)) {
                    return FAILED;
                }
                if (field == START || field == END) {
                    setTime(out, field, Double.longBitsToDouble(readLong(position - 8)));
                }
                return NO_DOCUMENT;
            }
            case 0x02: {
                int stringStart = position + 4;
                if (!string(valueEnd)) {
                    return FAILED;
                }
                if (field == TYPE) {
                    out.typeOffset = stringStart;
                    out.typeLength = position - 1 - stringStart;
                } else if (field == HOST) {
                    out.hostOffset = stringStart;
                    out.hostLength = position - 1 - stringStart;
                }
                return NO_DOCUMENT;
            }
            case 0x0D:
            case 0x0E:
                markTypeNotString(field, out);
                return string(valueEnd) ? NO_DOCUMENT : FAILED;
            case 0x03:
            case 0x04:
                markTypeNotString(field, out);
                return document(valueEnd);
            case 0x05:
                markTypeNotString(field, out);
                return binary(valueEnd) ? NO_DOCUMENT : FAILED;
            case 0x06:
            case 0x0A:
            case 0x7F:
            case 0xFF:
                markTypeNotString(field, out);
                return NO_DOCUMENT;
            case 0x07:
                markTypeNotString(field, out);
                return fixed(12, valueEnd) ? NO_DOCUMENT : FAILED;
            case 0x08: {
                markTypeNotString(field, out);
                if (!fixed(1, valueEnd)) {
                    return FAILED;
                }
                byte b = buffer.get(position - 1);
                return b == 0 || b == 1 ? NO_DOCUMENT : failed(RejectReason.BAD_VALUE);
            }
            case 0x09:
            case 0x11:
            case 0x13:
                markTypeNotString(field, out);
                return fixed(type == 0x13 ? 16 : 8, valueEnd) ? NO_DOCUMENT : FAILED;
            case 0x0B:
                markTypeNotString(field, out);
                return skipCString(valueEnd) && skipCString(valueEnd) ? NO_DOCUMENT : FAILED;
            case 0x0C:
                markTypeNotString(field, out);
                return string(valueEnd) && fixed(12, valueEnd) ? NO_DOCUMENT : FAILED;
            case 0x0F:
                markTypeNotString(field, out);
                return codeWithScope(valueEnd);
            case 0x10: {
                markTypeNotString(field, out);
                if (!fixed(4, valueEnd)) {
                    return FAILED;
                }
                if (field == START || field == END) {
                    setTime(out, field, readInt(position - 4));
                }
                return NO_DOCUMENT;
            }
            case 0x12: {
                markTypeNotString(field, out);
                if (!fixed(8, valueEnd)) {
                    return FAILED;
                }
                if (field == START || field == END) {
                    setTime(out, field, (double) readLong(position - 8));
                }
                return NO_DOCUMENT;
            }
            default:
                return failed(RejectReason.BAD_TYPE_BYTE);
        }
    }

    private static boolean isKnownType(int type) {
        return (type >= 0x01 && type <= 0x13) || type == 0x7F || type == 0xFF;
    }

    private static void markTypeNotString(int field, ScannedEvent out) {
        if (field == TYPE) {
            // typeOffset stays -1; a negative length records that a type was there but not a string.
            out.typeOffset = -1;
            out.typeLength = -1;
        }
    }

    private static void setTime(ScannedEvent out, int field, double seconds) {
        if (field == START) {
            out.start = seconds;
        } else {
            out.end = seconds;
        }
    }

    /** Which of the four fields the daemon reads a top-level key is, by its bytes. */
    private int topLevelField(int keyStart, int keyLength) {
        switch (keyLength) {
            case 3:
                return is(keyStart, 'e', 'n', 'd') ? END : NONE;
            case 4:
                if (is(keyStart, 't', 'y', 'p') && buffer.get(keyStart + 3) == 'e') {
                    return TYPE;
                }
                return is(keyStart, 'h', 'o', 's') && buffer.get(keyStart + 3) == 't' ? HOST : NONE;
            case 5:
                return is(keyStart, 's', 't', 'a') && buffer.get(keyStart + 3) == 'r' && buffer.get(keyStart + 4) == 't'
                        ? START : NONE;
            default:
                return NONE;
        }
    }

    private boolean is(int at, char a, char b, char c) {
        return buffer.get(at) == a && buffer.get(at + 1) == b && buffer.get(at + 2) == c;
    }

    private int document(int valueEnd) {
        if (!fixed(4, valueEnd)) {
            return FAILED;
        }
        int length = readInt(position - 4);
        if (length < MIN_DOCUMENT) {
            return failed(RejectReason.BAD_VALUE);
        }
        int documentStart = position - 4;
        if ((long) documentStart + length > valueEnd) {
            return failed(RejectReason.LENGTH_MISMATCH);
        }
        return documentStart + length;
    }

    /** Code with scope: int32 total, string, document; the total must match what it holds. */
    private int codeWithScope(int valueEnd) {
        int totalStart = position;
        if (!fixed(4, valueEnd)) {
            return FAILED;
        }
        int total = readInt(totalStart);
        if (total < 4 + 5 + MIN_DOCUMENT) {
            return failed(RejectReason.BAD_VALUE);
        }
        if ((long) totalStart + total > valueEnd) {
            return failed(RejectReason.LENGTH_MISMATCH);
        }
        if (!string(totalStart + total)) {
            return FAILED;
        }
        int scopeEnd = document(totalStart + total);
        if (scopeEnd == FAILED) {
            return FAILED;
        }
        return scopeEnd == totalStart + total ? scopeEnd : failed(RejectReason.LENGTH_MISMATCH);
    }

    private boolean binary(int valueEnd) {
        if (!fixed(5, valueEnd)) {
            return false;
        }
        int length = readInt(position - 5);
        int subtype = buffer.get(position - 1) & 0xFF;
        if (length < 0) {
            return fail(RejectReason.BAD_VALUE);
        }
        if (subtype == 0x02) {
            // The old binary subtype repeats its length, less the four bytes of that repetition.
            if (length < 4) {
                return fail(RejectReason.BAD_VALUE);
            }
            if (!fixed(4, valueEnd)) {
                return false;
            }
            if (readInt(position - 4) != length - 4) {
                return fail(RejectReason.BAD_VALUE);
            }
            return fixed(length - 4, valueEnd);
        }
        return fixed(length, valueEnd);
    }

    /** A BSON string: length prefix, UTF-8 bytes, 0x00. Leaves {@link #position} after the 0x00. */
    private boolean string(int valueEnd) {
        if (!fixed(4, valueEnd)) {
            return false;
        }
        int length = readInt(position - 4);
        if (length < 1) {
            return fail(RejectReason.BAD_VALUE);
        }
        int bytesStart = position;
        if (!fixed(length, valueEnd)) {
            return false;
        }
        if (buffer.get(position - 1) != 0) {
            return fail(RejectReason.BAD_TERMINATOR);
        }
        return validUtf8(bytesStart, position - 1);
    }

    /** A key or regex part: UTF-8 bytes up to a 0x00 before {@code limit}. Leaves {@link #position} after the 0x00. */
    private boolean skipCString(int limit) {
        int start = position;
        int stop = Math.min(limit, frameEnd);
        int i = start;
        while (i < stop && buffer.get(i) != 0) {
            i++;
        }
        if (i == stop) {
            return fail(stop == frameEnd && limit > frameEnd ? RejectReason.TRUNCATED : RejectReason.BAD_TERMINATOR);
        }
        position = i + 1;
        return validUtf8(start, i);
    }

    /** Advances over {@code n} bytes that must lie before {@code valueEnd} (the document's terminator). */
    private boolean fixed(int n, int valueEnd) {
        long after = (long) position + n;
        if (after > valueEnd) {
            return fail(RejectReason.LENGTH_MISMATCH);
        }
        if (after > frameEnd) {
            // Only when the frame is shorter than the declared length: the document was cut off.
            return fail(RejectReason.TRUNCATED);
        }
        position = (int) after;
        return true;
    }

    private boolean available(int n) {
        if ((long) position + n > frameEnd) {
            return fail(RejectReason.TRUNCATED);
        }
        return true;
    }

    private boolean fail(RejectReason reason) {
        fault = reason;
        return false;
    }

    private int failed(RejectReason reason) {
        fault = reason;
        return FAILED;
    }

    private int readInt(int at) {
        int value = buffer.getInt(at);
        return littleEndian ? value : Integer.reverseBytes(value);
    }

    private long readLong(int at) {
        long value = buffer.getLong(at);
        return littleEndian ? value : Long.reverseBytes(value);
    }

    /** Strict UTF-8 over {@code [from, to)}, eight ASCII bytes at a time where it can. */
    private boolean validUtf8(int from, int to) {
        int i = from;
        while (i < to) {
            if (to - i >= 8 && (buffer.getLong(i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int b = buffer.get(i) & 0xFF;
            if (b < 0x80) {
                i++;
                continue;
            }
            int continuation;
            int low = 0x80;
            int high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuation = 2;
                if (b == 0xE0) {
                    low = 0xA0;
                } else if (b == 0xED) {
                    high = 0x9F;
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuation = 3;
                if (b == 0xF0) {
                    low = 0x90;
                } else if (b == 0xF4) {
                    high = 0x8F;
                }
            } else {
                return fail(RejectReason.INVALID_UTF8);
            }
            if (i + continuation >= to) {
                return fail(RejectReason.INVALID_UTF8);
            }
            int second = buffer.get(i + 1) & 0xFF;
            if (second < low || second > high) {
                return fail(RejectReason.INVALID_UTF8);
            }
            for (int k = 2; k <= continuation; k++) {
                int next = buffer.get(i + k) & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return fail(RejectReason.INVALID_UTF8);
                }
            }
            i += continuation + 1;
        }
        return true;
    }
}
