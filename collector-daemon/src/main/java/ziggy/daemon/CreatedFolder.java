package ziggy.daemon;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder made at start-up ({@code --log-path}), with the parents it needed, which a failed start
 * removes again, so that a start refused for a port in use leaves the disk as it found it. A folder
 * that was already there is never removed.
 */
final class CreatedFolder {
    private static final Logger LOG = System.getLogger(CreatedFolder.class.getName());

    /** The highest folder this start made; null when the folder was already there. */
    private final Path made;

    private CreatedFolder(Path made) {
        this.made = made;
    }

    /** Makes {@code folder} (absolute) and its missing parents. */
    static CreatedFolder make(Path folder) throws IOException {
        Path highestMissing = null;
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            highestMissing = p;
        }
        Files.createDirectories(folder);
        return new CreatedFolder(highestMissing);
    }

    /** After a failed start: removes what this start made, with what the start put in it (the commit journal). */
    void discard() {
        if (made == null) {
            return;
        }
        try {
            FolderTree.delete(made);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove " + made + ", made by the start that failed: " + e.getMessage());
        }
    }
}
