package ziggy.storage.custody;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;

import org.bson.BsonDocument;
import org.bson.BsonInt64;

import ziggy.storage.io.FileIo;
import ziggy.storage.queue.DiskQueue;

/**
 * A relay's record of what it has acknowledged to the agents that forward through it: their marks, and
 * the queue seq {@code through} which the relay's own queue holds every event those marks stand for.
 *
 * <p>The queue's readers (the relay's own forwarder) see no seq past {@code through}
 * ({@link DiskQueue#limitReaders}): so after a kill -9, every event past it can be thrown away
 * ({@link DiskQueue#discardAfter}) without anything having gone upstream, and the agents send those again
 * from their acknowledged marks. Nothing twice, nothing lost; single-frame events of local clients
 * taken after the last commit (at most a few ms) are thrown away with them, as on a master.
 *
 * <p>A {@link JournalFile} (header, BSON body, CRC-32C), {@code relay-journal} in the queue folder, with
 * the body {@code {through: int64, marks: [{src, seq}]}}. A plain agent, which never takes a batch, has none
 * and its readers are never held back.
 */
public final class RelayJournal {
    public static final String FILE_NAME = "relay-journal";
    private static final Logger LOG = System.getLogger(RelayJournal.class.getName());

    private final JournalFile file;
    private final DiskQueue queue;
    private final Map<String, Long> recovered;
    private long through;
    private boolean holdsReaders;

    private RelayJournal(JournalFile file, DiskQueue queue, Map<String, Long> recovered, long through, boolean holdsReaders) {
        this.file = file;
        this.queue = queue;
        this.recovered = recovered;
        this.through = through;
        this.holdsReaders = holdsReaders;
    }

    /**
     * Reads the journal of {@code queue}'s folder, before anything is appended: when there is one, events
     * past its {@code through} are discarded and readers held to it. An unreadable journal is moved aside
     * and reported; the relay then starts with no marks (its agents' resends may be written twice).
     */
    public static RelayJournal recover(FileIo io, DiskQueue queue) {
        JournalFile file = new JournalFile(io, queue.folder().resolve(FILE_NAME));
        Optional<BsonDocument> read = file.read("starting with no marks (agents resend what they hold;"
                + " some events may be forwarded twice)");
        if (read.isEmpty()) {
            return new RelayJournal(file, queue, Map.of(), 0, false);
        }
        Map<String, Long> marks = JournalFile.marksOf(read.get());
        long through = Math.max(read.get().getNumber("through").longValue(), queue.stats().acknowledgedSeq());
        try {
            queue.discardAfter(through);
        } catch (IOException e) {
            // Holding readers back now would keep what could not be thrown away from ever leaving: let it go.
            LOG.log(Level.ERROR, "cannot throw away the queue's events past seq " + through + " (" + e.getMessage()
                    + "); forwarding them: events the agents send again may reach the master twice");
            return new RelayJournal(file, queue, marks, through, false);
        }
        queue.limitReaders(through);
        return new RelayJournal(file, queue, marks, through, true);
    }

    /** The agents' marks as recovered. */
    public Map<String, Long> recoveredMarks() {
        return Map.copyOf(recovered);
    }

    /** Whether the queue's readers are held to what this journal covers. */
    boolean holdsReaders() {
        return holdsReaders;
    }

    long through() {
        return through;
    }

    /**
     * Before the first batch event ever: from now on readers see only what a commit covers. Everything
     * appended so far ({@code lastAppended}) is single-frame events, covered at once.
     */
    boolean beforeBatchEvents(long lastAppended) {
        if (holdsReaders) {
            return true;
        }
        if (!persist(lastAppended, Map.of())) {
            return false;
        }
        through = lastAppended;
        holdsReaders = true;
        queue.limitReaders(through);
        return true;
    }

    /** The queue holds everything through {@code durableSeq}; the marks stand for it: persist, then let readers on. */
    boolean commit(long durableSeq, Map<String, Long> marks) {
        long newThrough = Math.max(through, durableSeq);
        if (!persist(newThrough, marks)) {
            return false;
        }
        through = newThrough;
        if (holdsReaders) {
            queue.limitReaders(through);
        }
        return true;
    }

    private boolean persist(long seq, Map<String, Long> marks) {
        return file.write(JournalFile.withMarks(new BsonDocument("through", new BsonInt64(seq)), marks));
    }
}
