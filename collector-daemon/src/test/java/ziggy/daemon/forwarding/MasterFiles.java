package ziggy.daemon.forwarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.RawBsonDocument;

import ziggy.protocol.file.BsonFileReader;

/** What a master wrote: every event's id, counted, read back from its day files. */
public final class MasterFiles {
    private MasterFiles() {
    }

    /**
     * How many times each id is in the day files of {@code logPath}; damage in a file fails the test,
     * an event the master is still writing is not counted yet.
     */
    public static Map<String, Integer> idCounts(Path... logPaths) {
        Map<String, Integer> counts = new HashMap<>();
        for (Path logPath : logPaths) {
            for (Path file : dayFiles(logPath)) {
                try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                    for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                        if (item instanceof BsonFileReader.Damage damage) {
                            throw new AssertionError(file + " is damaged: " + damage);
                        }
                        if (item instanceof BsonFileReader.Unfinished) {
                            // The event the master is appending as we read: counted once it is whole.
                            continue;
                        }
                        String id = new RawBsonDocument(((BsonFileReader.Document) item).bytes()).getString("id").getValue();
                        counts.merge(id, 1, Integer::sum);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return counts;
    }

    /** Total events in the day files. */
    static long events(Path... logPaths) {
        return idCounts(logPaths).values().stream().mapToLong(Integer::longValue).sum();
    }

    private static List<Path> dayFiles(Path logPath) {
        if (!Files.isDirectory(logPath)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(logPath)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bson")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
