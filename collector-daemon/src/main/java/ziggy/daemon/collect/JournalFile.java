package ziggy.daemon.collect;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import ziggy.protocol.control.ControlReplies;
import ziggy.storage.io.AtomicFile;
import ziggy.storage.io.FileIo;

/**
 * A small BSON state file replaced whole ({@link AtomicFile}), as the master's commit journal and a
 * relay's marks are: read once at start-up, written at each commit. Source marks are stored as
 * {@code marks: [{src, seq}]}, since a source id need not be a valid field name.
 */
public final class JournalFile {
    private static final Logger LOG = System.getLogger(JournalFile.class.getName());
    private static final long FAILURE_LOG_NANOS = 10_000_000_000L;
    private static final String MARKS = "marks";

    private final Path file;
    private long lastFailureLog = System.nanoTime() - FAILURE_LOG_NANOS;

    public JournalFile(Path file) {
        this.file = file;
    }

    /**
     * The document, or empty when there is none. One that cannot be read is moved aside for a person to
     * look at and reported with {@code consequence}, and the daemon starts as if there were none.
     */
    public Optional<BsonDocument> read(String consequence) {
        try {
            return Optional.of(ControlReplies.decode(Files.readAllBytes(file)));
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

    /** Replaces the file with {@code document}; false (logged at most every 10 s) when it cannot. */
    public boolean write(BsonDocument document) {
        try {
            AtomicFile.write(FileIo.SYSTEM, file, ControlReplies.encode(document));
            return true;
        } catch (IOException e) {
            // Without its journal a daemon must not acknowledge: the caller does not publish marks.
            long now = System.nanoTime();
            if (now - lastFailureLog > FAILURE_LOG_NANOS) {
                lastFailureLog = now;
                LOG.log(Level.ERROR, "cannot write " + file + ": " + e + "; acknowledging nothing until it can");
            }
            return false;
        }
    }

    /** Adds {@code marks} to {@code document} under {@code marks}, in source order. */
    public static BsonDocument withMarks(BsonDocument document, Map<String, Long> marks) {
        BsonArray array = new BsonArray();
        new TreeMap<>(marks).forEach((src, seq) -> array.add(new BsonDocument("src", new BsonString(src))
                .append("seq", new BsonInt64(seq))));
        return document.append(MARKS, array);
    }

    /** The marks that {@link #withMarks} stored in {@code document}. */
    public static Map<String, Long> marksOf(BsonDocument document) {
        Map<String, Long> marks = new HashMap<>();
        BsonValue array = document.get(MARKS);
        if (array != null && array.isArray()) {
            for (BsonValue mark : array.asArray()) {
                BsonDocument entry = mark.asDocument();
                marks.put(entry.getString("src").getValue(), entry.getNumber("seq").longValue());
            }
        }
        return marks;
    }
}
