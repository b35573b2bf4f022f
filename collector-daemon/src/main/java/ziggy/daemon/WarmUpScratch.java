package ziggy.daemon;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The scratch folder of a {@link CollectWarmUp}: {@code ziggyd-warm-up-<pid>-<random>} in a parent folder
 * (java.io.tmpdir), deleted when the warm-up ends. A daemon killed during its warm-up cannot delete its own,
 * so every warm-up first deletes those left by processes that no longer run: they never pile up.
 */
final class WarmUpScratch implements AutoCloseable {
    private static final Logger LOG = System.getLogger(WarmUpScratch.class.getName());
    static final String PREFIX = "ziggyd-warm-up-";

    final Path folder;

    private WarmUpScratch(Path folder) {
        this.folder = folder;
    }

    /** A new scratch folder in {@code parent} (mode 0700), then deletes those whose process is gone. */
    static WarmUpScratch makeIn(Path parent) throws IOException {
        WarmUpScratch scratch = new WarmUpScratch(Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-"));
        scratch.deleteLeftBehind(parent);
        return scratch;
    }

    /**
     * Deletes the scratch folders of processes that no longer run, only real folders (no link) of this
     * process's own user: a folder another user planted in a shared /tmp could have its insides swapped for
     * links while they are deleted, and a daemon running as root would then delete what they point to.
     */
    private void deleteLeftBehind(Path parent) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, PREFIX + "*")) {
            UserPrincipal user = Files.getOwner(folder);
            for (Path other : folders) {
                Long pid = pidOf(other);
                if (pid != null && ProcessHandle.of(pid).isEmpty() && Files.isDirectory(other, LinkOption.NOFOLLOW_LINKS)
                        && user.equals(Files.getOwner(other, LinkOption.NOFOLLOW_LINKS))) {
                    deleteTree(other);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "warm-up: could not look for folders left behind in " + parent + ": " + e.getMessage());
        }
    }

    /** The pid in a scratch folder's name, or null for a name not ours. */
    private static Long pidOf(Path folder) {
        String rest = folder.getFileName().toString().substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(rest.substring(0, dash)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        deleteTree(folder);
    }

    private static void deleteTree(Path root) {
        try {
            FolderTree.delete(root);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "warm-up: could not delete the scratch folder " + root + ": " + e.getMessage());
        }
    }
}
