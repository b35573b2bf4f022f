package ziggy.storage.custody;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import ziggy.storage.dayfile.LengthJournal;
import ziggy.storage.io.FileIo;


/**
 * The master's record of what it has acknowledged: per forwarding source the highest seq held, and the
 * length of every day file at that moment. It lets a master killed with -9 come back exactly where its
 * acknowledgements stand: files cut back to the recorded lengths hold each acknowledged event once, and
 * every event past them is one its source still has and sends again.
 *
 * <p>A {@link JournalFile} (header, BSON body, CRC-32C), {@code <log-path>/.ziggyd/commit-journal}, in the
 * dot-folder so that nothing the daemon keeps is ever taken for a day file; its body:
 * <pre>
 * dirty  bool     batch events may have been written past the lengths below
 * marks  [{src: string, seq: int64}]
 * files  [{name: string, length: int64}]   day files written since the daemon started
 * </pre>
 * The journal is written {@code dirty} before the first batch event that follows a commit reaches a
 * file, and clean with new lengths and marks at each commit. Only a dirty journal cuts files back: a
 * master that takes no batches never loses a single-frame event to it. With batches flowing, the
 * single-frame events of plain clients written since the last commit (at most a flush interval,
 * {@value ziggy.storage.dayfile.DayFileWriter#FLUSH_INTERVAL_MILLIS} ms) are cut with them: the price of never writing a
 * forwarded event twice.
 */
public final class CommitJournal implements LengthJournal {
    /** Under the log folder; a dot-folder holds what the daemon keeps there besides day files. */
    public static final String FILE_NAME = ".ziggyd/commit-journal";
    private static final Logger LOG = System.getLogger(CommitJournal.class.getName());

    private final JournalFile file;
    private final Map<String, Long> lengths = new TreeMap<>();
    private Map<String, Long> marks;
    private boolean dirty;

    private CommitJournal(JournalFile file, Map<String, Long> marks) {
        this.file = file;
        this.marks = marks;
    }

    /**
     * Reads the journal of {@code logPath}, cuts its day files back when it is dirty, and returns it,
     * holding the recovered marks. A journal that cannot be read is moved aside and reported: the master
     * then starts with no marks, so its sources send again from their own acknowledged seqs.
     */
    public static CommitJournal recover(Path logPath) {
        return recover(FileIo.SYSTEM, logPath);
    }

    /** {@link #recover(Path)}, reaching the files through {@code io}. */
    public static CommitJournal recover(FileIo io, Path logPath) {
        JournalFile file = new JournalFile(io, logPath.resolve(FILE_NAME));
        Optional<BsonDocument> read = file.read("starting with no acknowledged seqs (sources resend what they hold;"
                + " some events may be written twice)");
        if (read.isEmpty()) {
            return new CommitJournal(file, new HashMap<>());
        }
        BsonDocument document = read.get();
        CommitJournal journal = new CommitJournal(file, JournalFile.marksOf(document));
        boolean dirty = document.getBoolean("dirty", BsonBoolean.FALSE).getValue();
        for (BsonValue length : array(document, "files")) {
            BsonDocument entry = length.asDocument();
            String name = entry.getString("name").getValue();
            long committed = entry.getNumber("length").longValue();
            if (dirty) {
                cutBack(io, logPath, name, committed);
            }
            journal.lengths.put(name, committed);
        }
        return journal;
    }

    private static Iterable<BsonValue> array(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isArray() ? value.asArray() : new BsonArray();
    }

    private static void cutBack(FileIo io, Path logPath, String name, long committed) {
        Path dayFile = logPath.resolve(name);
        if (!logPath.equals(dayFile.getParent())) {
            LOG.log(Level.WARNING, "commit journal names " + name + ", not a file of " + logPath + "; ignored");
            return;
        }
        try (FileChannel channel = io.open(dayFile, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size > committed) {
                channel.truncate(committed);
                channel.force(true);
                LOG.log(Level.WARNING, "cut " + (size - committed) + " bytes written after the last commit from " + dayFile
                        + "; their forwarded events come again from their sources");
            }
        } catch (NoSuchFileException e) {
            LOG.log(Level.WARNING, "day file " + dayFile + " of the commit journal is gone");
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot cut " + dayFile + " back to " + committed + " bytes: " + e.getMessage()
                    + "; events after that point may be written twice");
        }
    }

    /** The marks recovered at start-up. */
    public Map<String, Long> recoveredMarks() {
        return Map.copyOf(marks);
    }

    /**
     * The day files' lengths as last committed (after a dirty journal's cut, their lengths now): each
     * ends with a whole event, so the writer checks a file's tail from there.
     */
    @Override
    public Map<String, Long> recordedLengths() {
        return Map.copyOf(lengths);
    }

    /** Records a file's length before its first write; persisted at once while batch events may be in flight. */
    @Override
    public void addFile(String name, long length) {
        lengths.put(name, length);
        if (dirty) {
            persist();
        }
    }

    /** Notes durably that batch events may now be written past the recorded lengths; false when it cannot. */
    boolean markDirty() {
        if (!dirty) {
            dirty = true;
            if (!persist()) {
                dirty = false;
                return false;
            }
        }
        return true;
    }

    /** A commit: new lengths (every file the writer still has) and marks, persisted clean; false when it cannot. */
    boolean commit(Map<String, Long> fileLengths, Map<String, Long> durableMarks) {
        lengths.clear();
        lengths.putAll(fileLengths);
        marks = durableMarks;
        boolean wasDirty = dirty;
        dirty = false;
        if (!persist()) {
            dirty = wasDirty;
            return false;
        }
        return true;
    }

    private boolean persist() {
        BsonArray fileArray = new BsonArray();
        lengths.forEach((name, length) -> fileArray.add(new BsonDocument("name", new BsonString(name))
                .append("length", new BsonInt64(length))));
        BsonDocument document = new BsonDocument("dirty", BsonBoolean.valueOf(dirty))
                .append("files", fileArray);
        return file.write(JournalFile.withMarks(document, marks));
    }
}
