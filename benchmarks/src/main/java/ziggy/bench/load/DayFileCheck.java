package ziggy.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import ziggy.protocol.file.BsonFileReader;

/**
 * Reads every day file under a log path and checks that each event of a run is there exactly once:
 * the strongest check a user can make that nothing was lost or written twice on the way.
 */
final class DayFileCheck {
    private final Path logPath;
    private final EventTemplates templates;
    private final long runTag;
    private final long[] perConnection;

    DayFileCheck(Path logPath, EventTemplates templates, long runTag, long[] perConnection) {
        this.logPath = logPath;
        this.templates = templates;
        this.runTag = runTag;
        this.perConnection = perConnection.clone();
    }

    /** Bytes in the day files now. */
    long dayFileBytes() throws IOException {
        return DayFiles.bytesIn(logPath);
    }

    /** Waits until the day files hold at least {@code bytes}; see {@link DayFiles#awaitBytes}. */
    long awaitBytes(long bytes, Duration stall) throws IOException, InterruptedException {
        return DayFiles.awaitBytes(logPath, bytes, stall);
    }

    /** What the files hold of this run. */
    Result check() throws IOException {
        BitSet[] seen = new BitSet[perConnection.length];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = new BitSet((int) Math.min(Integer.MAX_VALUE, perConnection[i]));
        }
        long found = 0;
        long duplicates = 0;
        long foreign = 0;
        long damaged = 0;
        for (Path file : DayFiles.in(logPath)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                 BsonFileReader reader = new BsonFileReader(in)) {
                BsonFileReader.Item item;
                while ((item = reader.next()) != null) {
                    if (!(item instanceof BsonFileReader.Document document)) {
                        damaged++;
                        continue;
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(document.bytes());
                    int connection = templates.isFromRun(bytes, bytes.capacity(), runTag) ? templates.connectionOf(bytes) : -1;
                    long number = connection >= 0 ? templates.numberOf(bytes) : -1;
                    if (connection < 0 || connection >= seen.length || number < 0 || number >= perConnection[connection]) {
                        foreign++;
                    } else if (seen[connection].get((int) number)) {
                        duplicates++;
                    } else {
                        seen[connection].set((int) number);
                        found++;
                    }
                }
            }
        }
        long expected = 0;
        for (long count : perConnection) {
            expected += count;
        }
        return new Result(expected, found, expected - found, duplicates, foreign, damaged);
    }

    /** Events of the run expected, found once, missing, found again, and other documents and damage. */
    record Result(long expected, long found, long missing, long duplicates, long foreign, long damaged) {
        boolean exact() {
            return missing == 0 && duplicates == 0 && damaged == 0;
        }
    }
}
