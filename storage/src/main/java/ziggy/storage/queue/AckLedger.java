package ziggy.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import ziggy.storage.io.AtomicFile;
import ziggy.storage.io.FileIo;

/**
 * The queue's small state file, {@code <queue>/state}, replaced whole through {@link AtomicFile}.
 * 28 bytes, big-endian:
 *
 * <pre>
 * offset size field
 *      0    4 magic, the ASCII bytes "ZQST"
 *      4    4 format version, 1
 *      8    8 acknowledged seq: the upstream holds every seq at or below it
 *     16    8 seq floor: the next seq handed out is never below it (written when a segment begins, so
 *             that seqs stay increasing even when every segment has been deleted or lost; under fsync
 *             never, ahead of every record shown to readers, by the seqs reserved)
 *     24    4 CRC32C of bytes 0..23
 * </pre>
 *
 * <p>Neither value has to be exactly current for safety. An acknowledged seq that is behind only makes
 * the forwarder send some events again, which the upstream drops by seq; and the segments themselves
 * also bound the next seq from below. So the file is written at most a few times a second, not on every
 * acknowledgement. A missing or unreadable file reads as "nothing acknowledged, floor 1".
 */
final class AckLedger {
    static final String FILE = "state";
    static final int BYTES = 28;
    private static final int MAGIC = 0x5A515354;
    private static final int VERSION = 1;

    record State(long acknowledged, long floor) {
    }

    private AckLedger() {
    }

    /** The stored state; {@code null} when the file exists but cannot be trusted (the caller reports it). */
    static State read(Path folder) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(folder.resolve(FILE));
        } catch (NoSuchFileException e) {
            return new State(0, 1);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length != BYTES || buffer.getInt(0) != MAGIC || buffer.getInt(4) != VERSION) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 24);
        if ((int) crc.getValue() != buffer.getInt(24)) {
            return null;
        }
        return new State(buffer.getLong(8), buffer.getLong(16));
    }

    static void write(FileIo io, Path folder, State state) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BYTES);
        buffer.putInt(MAGIC).putInt(VERSION).putLong(state.acknowledged()).putLong(state.floor());
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, 24);
        buffer.putInt((int) crc.getValue());
        AtomicFile.write(io, folder.resolve(FILE), buffer.array());
    }
}
