package ziggy.storage.dayfile;

/** The writer's counts, kept where a test can read them. */
public final class RecordedCounts implements DayFileCounts {
    public long writeErrors;
    public long lostEvents;
    public long cutTails;
    public long recreatedFiles;
    public long openFiles;

    @Override
    public void writeError() {
        writeErrors++;
    }

    @Override
    public void lostEvents(int events) {
        lostEvents += events;
    }

    @Override
    public void cutTail() {
        cutTails++;
    }

    @Override
    public void recreatedFile() {
        recreatedFiles++;
    }

    @Override
    public void openFiles(int open) {
        openFiles = open;
    }
}
