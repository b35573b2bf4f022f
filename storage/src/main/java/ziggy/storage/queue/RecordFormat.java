package ziggy.storage.queue;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The bytes of one record in a queue segment: a 24-byte header, then the event's bytes exactly as they
 * were appended. Big-endian:
 *
 * <pre>
 * offset size field
 *      0    4 magic 0xD1A6E5E7, a resynchronisation mark (not valid UTF-8, unlikely at a BSON offset)
 *      4    4 n, the event's length in bytes, 1..{@value #MAX_PAYLOAD}
 *      8    8 seq, the record's sequence number; strictly increasing through a segment and from one
 *             segment to the next, gaps allowed (a dropped or damaged record leaves one)
 *     16    4 CRC32C of bytes 0..15 (the header checksum)
 *     20    4 CRC32C of the n event bytes (the payload checksum)
 *     24    n the event
 * </pre>
 *
 * <p>Why two checksums and a magic: a reader that meets a bad record must find the next good one. When
 * only the payload checksum fails, the header (and so n) is trustworthy and the reader skips exactly
 * that record. When the header fails, n cannot be trusted, and the reader scans forward byte by byte for
 * the magic followed by a header whose checksum holds; a false match needs the magic and a 32-bit CRC to
 * agree by chance. The seq is stored, not derived from a record's position, so that records after a
 * damaged one keep their numbers.
 */
final class RecordFormat {
    static final int HEADER_BYTES = 24;
    static final int MAGIC = 0xD1A6E5E7;
    static final int MAX_PAYLOAD = 64 << 20;

    private RecordFormat() {
    }

    /**
     * Writes a record's header at {@code at} in {@code dst} for the payload whose checksum is
     * {@code payloadCrc}.
     */
    static void putHeader(ByteBuffer dst, int at, int length, long seq, int payloadCrc, CRC32C crc) {
        dst.putInt(at, MAGIC).putInt(at + 4, length).putLong(at + 8, seq);
        dst.putInt(at + 16, headerCrc(dst, at, crc)).putInt(at + 20, payloadCrc);
    }

    /** The checksum of the 16 header bytes at {@code at}; leaves {@code buf}'s position and limit as they were. */
    static int headerCrc(ByteBuffer buf, int at, CRC32C crc) {
        return checksum(buf, at, 16, crc);
    }

    /** CRC32C of {@code length} bytes at {@code at}; leaves {@code buf}'s position and limit as they were. */
    static int checksum(ByteBuffer buf, int at, int length, CRC32C crc) {
        int position = buf.position();
        int limit = buf.limit();
        crc.reset();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + at, length);
        } else {
            buf.limit(at + length).position(at);
            crc.update(buf);
            buf.limit(limit).position(position);
        }
        return (int) crc.getValue();
    }

    /** True when {@code at} holds a magic, a plausible length and a header whose checksum holds. */
    static boolean headerHolds(ByteBuffer buf, int at, CRC32C crc) {
        if (buf.getInt(at) != MAGIC) {
            return false;
        }
        int length = buf.getInt(at + 4);
        return length >= 1 && length <= MAX_PAYLOAD && headerCrc(buf, at, crc) == buf.getInt(at + 16);
    }

    static int length(ByteBuffer buf, int at) {
        return buf.getInt(at + 4);
    }

    static long seq(ByteBuffer buf, int at) {
        return buf.getLong(at + 8);
    }

    static boolean payloadHolds(ByteBuffer buf, int at, CRC32C crc) {
        return checksum(buf, at + HEADER_BYTES, length(buf, at), crc) == buf.getInt(at + 20);
    }
}
