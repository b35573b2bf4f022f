package ziggy.daemon.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Whether the daemon can write its day files: a probe file is created in the log folder, one byte
 * written and deleted (at most once a second, however often it is asked), and the latest write to a
 * day file must not have failed. The probe finds the trouble before events are lost (a folder made
 * read-only, replaced, or on a full disk) and also while no events come; the writer's own failures
 * catch what the probe cannot (a single day file that cannot be written).
 */
public final class LogFolderHealth implements HealthCheck {
    private static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;
    /** A dot-file, so no reader ever takes it for a day file. */
    private static final String PROBE_PREFIX = ".ziggyd-health-";

    private final Path logPath;
    private final DayFileWrites writes;
    private long lastProbeNanos;
    private Optional<String> lastProbeProblem = Optional.empty();
    private boolean probed;

    public LogFolderHealth(Path logPath, DayFileWrites writes) {
        this.logPath = logPath;
        this.writes = writes;
    }

    @Override
    public synchronized Optional<String> problem() {
        long now = System.nanoTime();
        if (!probed || now - lastProbeNanos >= PROBE_INTERVAL_NANOS) {
            probed = true;
            lastProbeNanos = now;
            lastProbeProblem = probe();
        }
        if (lastProbeProblem.isPresent()) {
            return lastProbeProblem;
        }
        return writes.latestFailure().map(failure -> "the latest write to a day file failed: " + failure);
    }

    private Optional<String> probe() {
        Path probe = null;
        try {
            probe = Files.createTempFile(logPath, PROBE_PREFIX, ".tmp");
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[] {'z'}));
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot write in the log folder " + logPath + ": " + describe(e));
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    // The folder lost its write permission between the write and the delete: the next probe says so.
                }
            }
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
