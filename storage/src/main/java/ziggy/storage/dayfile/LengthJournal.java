package ziggy.storage.dayfile;

import java.util.Map;

/**
 * Where the {@link DayFileWriter} records each day file's length before it first writes to it, so that a
 * restart after a crash can cut the file back to a length where it ended with a whole event (the master's
 * {@code ziggy.storage.custody.CommitJournal}). Collect thread only.
 */
public interface LengthJournal {
    /** Keeps no lengths: every file's tail is walked from its start when it is opened. */
    LengthJournal NONE = new LengthJournal() {
        @Override
        public Map<String, Long> recordedLengths() {
            return Map.of();
        }

        @Override
        public void addFile(String name, long length) {
        }
    };

    /**
     * Per day file's name, its length as last recorded (after a crash's cut, its length now): each ends
     * with a whole event, so the writer checks a file's tail from there.
     */
    Map<String, Long> recordedLengths();

    /** Records a file's length before its first write. */
    void addFile(String name, long length);
}
