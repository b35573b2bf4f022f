package ziggy.storage.custody;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.io.AtomicFile;
import ziggy.storage.io.FileIo;

/**
 * The one format of a custody journal: what a daemon has acknowledged to its sources, and the state of
 * its store those acknowledgements stand for. The master's commit journal and a relay's journal are both
 * one such file, replaced whole ({@link AtomicFile}) at each commit and read once at start-up.
 *
 * <pre>
 * offset  bytes  field
 * 0       4      magic "ZGJL" (0x5A474A4C)
 * 4       4      format version, 2 (version 1 was the bare BSON document, no header)
 * 8       4      N, the length of the body
 * 12      N      body: one BSON document (below)
 * 12 + N  4      CRC-32C of bytes 0 .. 12 + N - 1
 * </pre>
 * Integers of the header and the CRC are big-endian. The body holds {@code marks: [{src: string, seq:
 * int64}]} (an array, since a source id need not be a valid field name) and the fields of its role
 * (the master's {@code dirty} and {@code files}, a relay's {@code through}). A file that is shorter or
 * longer than its header says, has another magic or version, or fails its CRC is damage: it is moved
 * aside for a person to read and the daemon starts as if there were none.
 */
public final class JournalFile {
    static final int MAGIC = 0x5A474A4C;
    static final int VERSION = 2;
    static final int HEADER_BYTES = 12;
    static final int CRC_BYTES = 4;
    private static final Logger LOG = System.getLogger(JournalFile.class.getName());
    private static final String MARKS = "marks";

    private final FileIo io;
    private final Path file;
    private final RateLimitedLog failures = new RateLimitedLog(LOG);

    public JournalFile(FileIo io, Path file) {
        this.io = io;
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /**
     * The body, or empty when there is no file. One that cannot be read is moved aside and reported with
     * {@code consequence}, and the caller starts as if there were none.
     */
    public Optional<BsonDocument> read(String consequence) {
        try {
            return Optional.of(decode(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            LOG.log(Level.ERROR, "cannot read " + file + " (" + e.getMessage() + "); moved to " + aside + "; " + consequence);
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                LOG.log(Level.ERROR, "cannot move " + file + " aside: " + moveFailed.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Replaces the file with {@code body}; false (logged at most once a second) when it cannot. */
    public boolean write(BsonDocument body) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.write(io, file, encode(body));
            return true;
        } catch (IOException e) {
            // Without its journal a daemon must not acknowledge: the caller does not publish marks.
            failures.log(Level.ERROR, "write", "cannot write " + file + ": " + e + "; acknowledging nothing until it can");
            return false;
        }
    }

    static byte[] encode(BsonDocument body) {
        byte[] bson = ControlReplies.encode(body);
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES + bson.length + CRC_BYTES);
        bytes.putInt(MAGIC).putInt(VERSION).putInt(bson.length).put(bson);
        bytes.putInt(crc(bytes.array(), HEADER_BYTES + bson.length));
        return bytes.array();
    }

    static BsonDocument decode(byte[] bytes) {
        if (bytes.length < HEADER_BYTES + CRC_BYTES) {
            throw new IllegalArgumentException(bytes.length + " bytes, shorter than a journal's header and CRC");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a journal (magic " + Integer.toHexString(buffer.getInt(0)) + ")");
        }
        if (buffer.getInt(4) != VERSION) {
            throw new IllegalArgumentException("journal format version " + buffer.getInt(4) + ", this daemon reads " + VERSION);
        }
        int length = buffer.getInt(8);
        if (length < 0 || (long) HEADER_BYTES + length + CRC_BYTES != bytes.length) {
            throw new IllegalArgumentException("the header says a body of " + length + " bytes, the file holds "
                    + (bytes.length - HEADER_BYTES - CRC_BYTES));
        }
        if (buffer.getInt(HEADER_BYTES + length) != crc(bytes, HEADER_BYTES + length)) {
            throw new IllegalArgumentException("its CRC does not match its bytes");
        }
        byte[] bson = new byte[length];
        buffer.get(HEADER_BYTES, bson);
        return ControlReplies.decode(bson);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** Adds {@code marks} to {@code body} under {@code marks}, in source order. */
    public static BsonDocument withMarks(BsonDocument body, Map<String, Long> marks) {
        BsonArray array = new BsonArray();
        new TreeMap<>(marks).forEach((src, seq) -> array.add(new BsonDocument("src", new BsonString(src))
                .append("seq", new BsonInt64(seq))));
        return body.append(MARKS, array);
    }

    /** The marks that {@link #withMarks} stored in {@code body}. */
    public static Map<String, Long> marksOf(BsonDocument body) {
        Map<String, Long> marks = new HashMap<>();
        BsonValue array = body.get(MARKS);
        if (array != null && array.isArray()) {
            for (BsonValue mark : array.asArray()) {
                BsonDocument entry = mark.asDocument();
                marks.put(entry.getString("src").getValue(), entry.getNumber("seq").longValue());
            }
        }
        return marks;
    }
}
