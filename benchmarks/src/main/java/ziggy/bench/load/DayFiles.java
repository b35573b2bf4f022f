package ziggy.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import ziggy.protocol.layout.DayFileName;

/** The day files directly under a log path, and how many bytes they hold. */
final class DayFiles {
    private DayFiles() {
    }

    static List<Path> in(Path logPath) throws IOException {
        try (Stream<Path> files = Files.list(logPath)) {
            return files.filter(file -> DayFileName.parse(file.getFileName().toString()).isPresent()).sorted().toList();
        }
    }

    static long bytesIn(Path logPath) throws IOException {
        long total = 0;
        for (Path file : in(logPath)) {
            total += Files.size(file);
        }
        return total;
    }

    /**
     * Waits until the day files hold at least {@code bytes} (the daemon writes its buffers every few
     * hundred ms), or until they have not grown for {@code stall}; returns the bytes they hold.
     */
    static long awaitBytes(Path logPath, long bytes, Duration stall) throws IOException, InterruptedException {
        long seen = bytesIn(logPath);
        long lastChange = System.nanoTime();
        while (seen < bytes && System.nanoTime() - lastChange < stall.toNanos()) {
            Thread.sleep(50);
            long now = bytesIn(logPath);
            if (now != seen) {
                seen = now;
                lastChange = System.nanoTime();
            }
        }
        return seen;
    }
}
