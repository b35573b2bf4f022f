package ziggy.protocol.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Checks that a frame is one well-formed BSON document and finds its top-level {@code type},
 * {@code host}, {@code start} and {@code end}, without decoding it into objects and without
 * allocating: the daemon keeps the client's bytes as they are and needs only these four fields.
 *
 * <p>This is Ziggy's one walk of BSON bytes, the single authority on what a well-formed document
 * and an event are: the collect path takes in what it accepts, and the file reader
 * ({@link ziggy.protocol.file.BsonFileReader}) reads as documents what it calls
 * {@linkplain ScannedEvent#wellFormed() well-formed} and resumes after damage only at what it
 * accepts, so a day file and the daemon can never disagree about the same bytes. An event is a
 * well-formed document whose last top-level {@code type} is a string that keeps the rule of
 * {@link TypeNames}.
 *
 * <p>The walk follows the BSON specification (bsonspec.org, version 1.1), iteratively with an
 * explicit stack so that a hostile nesting depth cannot overflow the thread's stack:
 * <pre>
 * document ::= int32 (total bytes, itself and the terminator included) element* 0x00
 * element  ::= type byte, cstring key (UTF-8, ending 0x00), value:
 *   0x01 double 8 | 0x02 string | 0x03 document | 0x04 array (a document) | 0x05 binary
 *   | 0x06 undefined 0 | 0x07 ObjectId 12 | 0x08 boolean 1 (0 or 1) | 0x09 UTC datetime 8
 *   | 0x0A null 0 | 0x0B regex (cstring, cstring) | 0x0C DBPointer (string, 12)
 *   | 0x0D JavaScript (string) | 0x0E symbol (string) | 0x0F code with scope (int32 total, string, document)
 *   | 0x10 int32 4 | 0x11 timestamp 8 | 0x12 int64 8 | 0x13 decimal128 16 | 0xFF min key 0 | 0x7F max key 0
 * string   ::= int32 (bytes + 1, at least 1), UTF-8 bytes, 0x00
 * binary   ::= int32 n, subtype byte, n bytes (subtype 0x02, the old binary, holds its own int32 n - 4 first)
 * </pre>
 * All integers are little-endian. Every value, key and regex part ends before its document's
 * terminator, and a nested document ends inside its parent. Every key and string must be valid
 * UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), because Python's bson
 * reader, among others, refuses files that hold anything else. Values are not range-checked.
 *
 * <p>Which reason a broken frame gets: when the document's declared length equals the frame's, the
 * first fault found names it. When the frame is shorter and its bytes are a clean prefix of a
 * document, it is {@link RejectReason#TRUNCATED}; when the frame is longer and the declared length
 * holds a clean document, {@link RejectReason#LENGTH_MISMATCH}; anything else is
 * {@link RejectReason#NOT_BSON}. One instance per thread: it keeps its stack between scans.
 *
 * <p>Speed: the collect thread runs this for every event, so it reads eight bytes at a time wherever
 * it can (little-endian, whatever the buffer's order) and tests them in a register, SWAR fashion:
 * {@code (x - 0x0101..) & ~x & 0x8080..} has its lowest set bit in the first 0x00 byte (bits above a
 * true zero may be set by the borrow, so only the lowest counts), and {@code x & 0x8080..} is zero
 * exactly when all eight bytes are ASCII. Keys and strings that are ASCII, as nearly all are, need no
 * byte-by-byte UTF-8 walk; only from the first byte at or above 0x80 does the strict check run.
 */
public final class EventScanner {
    /** Deeper documents are refused: MongoDB's own limit, and readers that recurse stay safe. */
    public static final int MAX_DEPTH = 100;

    private static final int MIN_DOCUMENT = 5;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;
    /** Absolute little-endian reads at any byte index, of heap and direct buffers alike, in either order. */
    private static final VarHandle LONG_LE = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The top-level keys the daemon reads, as the low bytes of a little-endian word read at the key. */
    private static final long KEY_END = littleEndianAscii("end");
    private static final long KEY_TYPE = littleEndianAscii("type");
    private static final long KEY_HOST = littleEndianAscii("host");
    private static final long KEY_START = littleEndianAscii("start");

    private final int[] documentEnds = new int[MAX_DEPTH + 1];
    private ByteBuffer buffer;
    private int frameStart;
    private int frameEnd;
    private int position;
    private RejectReason fault;

    /**
     * Scans {@code buffer[offset, offset + length)} into {@code out}. Returns true when the event
     * is accepted; otherwise {@code out.reason()} says why. Never throws for any content, and never
     * changes the buffer's position or limit.
     */
    public boolean scan(ByteBuffer buffer, int offset, int length, ScannedEvent out) {
        return scanLeavingTypeName(buffer, offset, length, out) && checkTypeName(buffer, out);
    }

    /**
     * {@link #scan}, all but the rule of {@link TypeNames} for the type's name: for a caller that keeps the
     * names it has already checked (the collect path's table of types), so that the name of a known type, its
     * bytes equal to a checked one, is not checked again for each event. The caller must check every name it
     * has not seen with {@link #checkTypeName}, or it takes events that {@link #scan} refuses.
     */
    public boolean scanLeavingTypeName(ByteBuffer buffer, int offset, int length, ScannedEvent out) {
        out.reset();
        if (length == 0) {
            return reject(out, RejectReason.EMPTY);
        }
        if (length < MIN_DOCUMENT) {
            return reject(out, RejectReason.NOT_BSON);
        }
        this.buffer = buffer;
        this.frameStart = offset;
        this.frameEnd = offset + length;
        int declared = readInt(offset);
        if (declared < MIN_DOCUMENT) {
            this.buffer = null;
            return reject(out, RejectReason.NOT_BSON);
        }
        boolean walked = walk(offset, (int) Math.min((long) offset + declared, Integer.MAX_VALUE), out);
        this.buffer = null;
        if (declared == length) {
            if (!walked) {
                return reject(out, fault);
            }
            out.wellFormed = true;
            return checkTypeIsString(out);
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

    private static boolean checkTypeIsString(ScannedEvent out) {
        if (out.typeOffset < 0) {
            return reject(out, out.typeLength < 0 ? RejectReason.TYPE_NOT_STRING : RejectReason.MISSING_TYPE);
        }
        return true;
    }

    /**
     * After {@link #scanLeavingTypeName} accepted the event in {@code buffer}: whether its type's name keeps
     * the rule of {@link TypeNames}; when it does not, {@code out.reason()} says {@link RejectReason#BAD_TYPE_NAME}.
     */
    public static boolean checkTypeName(ByteBuffer buffer, ScannedEvent out) {
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
            // The type byte and the first seven bytes of the key, which end most keys, in one read.
            long header = word(position);
            int type = (int) header & 0xFF;
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
            long keyStartBytes = header >>> 8;
            // The key's 0x00 must come before the document's own terminator.
            if (!skipKey(keyStartBytes, documentEnd - 1)) {
                return false;
            }
            int field = depth == 0 ? topLevelField(keyStartBytes, position - 1 - keyStart) : NONE;
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

    /** Which of the four fields the daemon reads a top-level key is, by its first seven bytes and its length. */
    private static int topLevelField(long keyStartBytes, int keyLength) {
        if (keyLength < 3 || keyLength > 5) {
            return NONE;
        }
        long key = keyStartBytes & ((1L << (keyLength << 3)) - 1);
        if (keyLength == 4) {
            return key == KEY_TYPE ? TYPE : key == KEY_HOST ? HOST : NONE;
        }
        return key == KEY_END ? END : key == KEY_START ? START : NONE;
    }

    private static long littleEndianAscii(String key) {
        long word = 0;
        for (int i = key.length() - 1; i >= 0; i--) {
            word = (word << 8) | key.charAt(i);
        }
        return word;
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

    /**
     * An element's key, at {@link #position}, whose first seven bytes the caller read with the type
     * byte (the eighth byte of that word reads as 0x00). An ASCII key of up to six bytes whose 0x00
     * lies before {@code limit} ends there; any other goes through {@link #skipCString}.
     */
    private boolean skipKey(long keyStartBytes, int limit) {
        long zeros = (keyStartBytes - LOW_BITS) & ~keyStartBytes & HIGH_BITS;
        int length = Long.numberOfTrailingZeros(zeros) >>> 3;
        int nul = position + length;
        if (length < 7 && nul < limit && nul < frameEnd && (keyStartBytes & HIGH_BITS & ((1L << (length << 3)) - 1)) == 0) {
            position = nul + 1;
            return true;
        }
        return skipCString(limit);
    }

    /** A key or regex part: UTF-8 bytes up to a 0x00 before {@code limit}. Leaves {@link #position} after the 0x00. */
    private boolean skipCString(int limit) {
        int start = position;
        int stop = Math.min(limit, frameEnd);
        long highBits = 0;
        for (int i = start; i < stop; i += 8) {
            long word = word(i);
            long zeros = (word - LOW_BITS) & ~word & HIGH_BITS;
            if (zeros == 0) {
                highBits |= word;
                continue;
            }
            int nul = i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            if (nul >= stop) {
                break;
            }
            position = nul + 1;
            // The bytes below the first zero: (its bit 7) >>> 7, less one, masks them.
            highBits |= word & ((Long.lowestOneBit(zeros) >>> 7) - 1);
            return (highBits & HIGH_BITS) == 0 || validUtf8(start, nul);
        }
        return fail(stop == frameEnd && limit > frameEnd ? RejectReason.TRUNCATED : RejectReason.BAD_TERMINATOR);
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
        return (int) INT_LE.get(buffer, at);
    }

    private long readLong(int at) {
        return (long) LONG_LE.get(buffer, at);
    }

    /**
     * The eight bytes from {@code at} (which lies inside the frame) as a little-endian word, the
     * byte at {@code at} lowest; bytes at or past the frame's end read as 0x00, so a terminator
     * search that runs off the frame finds its zero past {@code frameEnd} and fails there.
     */
    private long word(int at) {
        if (at <= frameEnd - 8) {
            return (long) LONG_LE.get(buffer, at);
        }
        return wordAtFrameEnd(at);
    }

    /** {@link #word} for the frame's last seven bytes: the frame's last word, shifted down, or byte by byte in a tiny frame. */
    private long wordAtFrameEnd(int at) {
        if (frameEnd - frameStart >= 8) {
            return (long) LONG_LE.get(buffer, frameEnd - 8) >>> ((at - (frameEnd - 8)) << 3);
        }
        long word = 0;
        for (int i = frameEnd - 1; i >= at; i--) {
            word = (word << 8) | (buffer.get(i) & 0xFF);
        }
        return word;
    }

    /** Strict UTF-8 over {@code [from, to)}: ASCII runs a word at a time, the strict check from each byte that is not ASCII. */
    private boolean validUtf8(int from, int to) {
        int i = firstNonAscii(from, to);
        while (i < to) {
            i = multiByteSequence(i, to);
            if (i < 0) {
                return false;
            }
            i = firstNonAscii(i, to);
        }
        return true;
    }

    /**
     * The index of the first byte at or above 0x80 in {@code [from, to)}, or {@code to}. The loops
     * are counted ({@code i <= last}, a constant stride) so that the JIT unrolls them; long strings
     * go 32 bytes per test.
     */
    private int firstNonAscii(int from, int to) {
        int i = from;
        for (int last = to - 32; i <= last; i += 32) {
            long any = (long) LONG_LE.get(buffer, i) | (long) LONG_LE.get(buffer, i + 8)
                    | (long) LONG_LE.get(buffer, i + 16) | (long) LONG_LE.get(buffer, i + 24);
            if ((any & HIGH_BITS) != 0) {
                break;
            }
        }
        for (int last = to - 8; i <= last; i += 8) {
            long highBits = (long) LONG_LE.get(buffer, i) & HIGH_BITS;
            if (highBits != 0) {
                return i + (Long.numberOfTrailingZeros(highBits) >>> 3);
            }
        }
        if (i < to) {
            long highBits = word(i) & HIGH_BITS & ((1L << ((to - i) << 3)) - 1);
            if (highBits != 0) {
                return i + (Long.numberOfTrailingZeros(highBits) >>> 3);
            }
        }
        return to;
    }

    /** Checks the sequence that starts with the non-ASCII byte at {@code i}; returns the index after it, or -1. */
    private int multiByteSequence(int i, int to) {
        int b = buffer.get(i) & 0xFF;
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
            return failed(RejectReason.INVALID_UTF8);
        }
        if (i + continuation >= to) {
            return failed(RejectReason.INVALID_UTF8);
        }
        int second = buffer.get(i + 1) & 0xFF;
        if (second < low || second > high) {
            return failed(RejectReason.INVALID_UTF8);
        }
        for (int k = 2; k <= continuation; k++) {
            int next = buffer.get(i + k) & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return failed(RejectReason.INVALID_UTF8);
            }
        }
        return i + continuation + 1;
    }
}
