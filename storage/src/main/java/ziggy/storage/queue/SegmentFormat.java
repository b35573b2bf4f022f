package ziggy.storage.queue;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The bytes of a queue segment file, which is a header followed by records ({@link RecordFormat}).
 *
 * <p>A segment is named {@code <base>.seg}, where {@code <base>} is the sequence number the segment
 * began at, in 20 decimal digits with leading zeros, so that names sort as the segments do. The header,
 * 32 bytes, big-endian:
 *
 * <pre>
 * offset size field
 *      0    4 magic, the ASCII bytes "ZQSG" (0x5A 0x51 0x53 0x47)
 *      4    2 format version, 1
 *      6    2 header length in bytes, 32 (a reader of version 1 starts the records here)
 *      8    8 base sequence number: every record in the segment has a seq at or above it, and it equals
 *             the number in the file name
 *     16    8 creation time, milliseconds since the epoch (an upper bound on the age of its records)
 *     24    4 reserved, 0
 *     28    4 CRC32C of bytes 0..27
 * </pre>
 *
 * <p>A segment whose header is short, fails its CRC, has another magic or version, or disagrees with its
 * file name is not read: it is moved to {@code damaged/} and reported.
 */
final class SegmentFormat {
    static final int HEADER_BYTES = 32;
    static final int MAGIC = 0x5A515347;
    static final short VERSION = 1;
    static final String SUFFIX = ".seg";

    private SegmentFormat() {
    }

    static String fileName(long baseSeq) {
        return String.format("%020d%s", baseSeq, SUFFIX);
    }

    /** The base seq in a segment file name, or -1 when the name is not a segment's. */
    static long baseOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        long base = 0;
        for (int i = 0; i < 20; i++) {
            char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            base = base * 10 + (c - '0');
        }
        return base;
    }

    static ByteBuffer header(long baseSeq, long createdMillis) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putShort(VERSION).putShort((short) HEADER_BYTES).putLong(baseSeq).putLong(createdMillis).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 28);
        header.putInt((int) crc.getValue());
        return header.flip();
    }

    /**
     * Checks a header read from a file named for {@code expectedBase}.
     *
     * @return null when it is good, otherwise what is wrong with it, for the log
     */
    static String problemWith(ByteBuffer header, long expectedBase) {
        if (header.remaining() < HEADER_BYTES) {
            return "header is short (" + header.remaining() + " of " + HEADER_BYTES + " bytes)";
        }
        int start = header.position();
        CRC32C crc = new CRC32C();
        crc.update(header.duplicate().limit(start + 28));
        if (header.getInt(start) != MAGIC) {
            return "not a queue segment (bad magic)";
        }
        if ((int) crc.getValue() != header.getInt(start + 28)) {
            return "header checksum mismatch";
        }
        if (header.getShort(start + 4) != VERSION) {
            return "unknown segment format version " + header.getShort(start + 4);
        }
        if (header.getLong(start + 8) != expectedBase) {
            return "header base seq " + header.getLong(start + 8) + " disagrees with its file name";
        }
        return null;
    }

    static long createdMillis(ByteBuffer header) {
        return header.getLong(header.position() + 16);
    }
}
