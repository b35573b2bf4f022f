package ziggy.storage.dayfile;

/**
 * What the {@link DayFileWriter} counts, for whoever reports it (the daemon's STATUS and metrics). Called on
 * the collect thread only, a few times per buffer written or file opened, never per event; each call
 * must return at once.
 */
public interface DayFileCounts {
    /** Counts nothing. */
    DayFileCounts NONE = new DayFileCounts() {
        @Override
        public void writeError() {
        }

        @Override
        public void lostEvents(int events) {
        }

        @Override
        public void cutTail() {
        }

        @Override
        public void recreatedFile() {
        }

        @Override
        public void openFiles(int open) {
        }
    };

    /** A write, an fsync or a measurement of a day file failed. */
    void writeError();

    /** {@code events} events were lost with a failed write. */
    void lostEvents(int events);

    /** A day file's torn tail (an event never written whole) was cut when it was opened for append. */
    void cutTail();

    /** A day file a person deleted or moved is being written again at its path. */
    void recreatedFile();

    /** Day files open now. */
    void openFiles(int open);
}
