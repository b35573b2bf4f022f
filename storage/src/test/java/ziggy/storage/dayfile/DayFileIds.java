package ziggy.storage.dayfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.RawBsonDocument;

import ziggy.protocol.file.BsonFileReader;

/**
 * What a daemon wrote: every event's id in its log folders' day files, counted, for the tests of every
 * module that must find each event once (this module's test jar carries it to them).
 */
public final class DayFileIds {
    private DayFileIds() {
    }

    /**
     * How many times each id is in the day files of {@code logPaths}; damage in a file fails the test,
     * and the event a daemon is appending as we read is not counted yet.
     */
    public static Map<String, Integer> counts(Path... logPaths) {
        Map<String, Integer> counts = new HashMap<>();
        for (RawBsonDocument event : documents(logPaths)) {
            counts.merge(event.getString("id").getValue(), 1, Integer::sum);
        }
        return counts;
    }

    /** Every event in the day files of {@code logPaths}, file by file (sorted by name), as written; damage fails the test. */
    public static List<RawBsonDocument> documents(Path... logPaths) {
        List<RawBsonDocument> events = new ArrayList<>();
        for (Path logPath : logPaths) {
            for (Path file : dayFiles(logPath)) {
                try (InputStream in = Files.newInputStream(file); BsonFileReader reader = new BsonFileReader(in)) {
                    for (BsonFileReader.Item item = reader.next(); item != null; item = reader.next()) {
                        if (item instanceof BsonFileReader.Damage damage) {
                            throw new AssertionError(file + " is damaged: " + damage);
                        }
                        if (item instanceof BsonFileReader.Document document) {
                            events.add(new RawBsonDocument(document.bytes()));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return events;
    }

    /** Events in the day files, each copy counted. */
    public static long events(Path... logPaths) {
        return counts(logPaths).values().stream().mapToLong(Integer::longValue).sum();
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
