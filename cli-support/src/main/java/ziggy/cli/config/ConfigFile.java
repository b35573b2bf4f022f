package ziggy.cli.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config file as written by an operator, one setting a line:
 * <pre>
 * # a comment: a line whose first non-blank character is #
 * log-path = /var/log/ziggy        key = the long flag without its "--"; the value is the rest of the line, trimmed
 * collect  = *:3514
 * </pre>
 * Blank lines are skipped. A line without {@code =}, an empty key, or a key given twice is an error
 * that names the file and the line. Whether a key is known is for the command to say ({@link SettingSources}).
 */
public final class ConfigFile {
    /** One setting and the line it came from. */
    public record Entry(String key, String value, int line) {
    }

    private final Path path;
    private final Map<String, Entry> entries;

    private ConfigFile(Path path, Map<String, Entry> entries) {
        this.path = path;
        this.entries = entries;
    }

    public static ConfigFile read(Path path) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (CharacterCodingException e) {
            throw new ConfigException("config file " + path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + describe(e));
        }
        return parse(path, lines);
    }

    static ConfigFile parse(Path path, List<String> lines) throws ConfigException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new ConfigException(path + ":" + number + ": expected key = value, got '" + line + "'");
            }
            String key = line.substring(0, equals).strip();
            if (key.isEmpty()) {
                throw new ConfigException(path + ":" + number + ": a key is missing before '='");
            }
            Entry earlier = entries.get(key);
            if (earlier != null) {
                throw new ConfigException(path + ":" + number + ": key '" + key + "' is already set on line " + earlier.line());
            }
            entries.put(key, new Entry(key, line.substring(equals + 1).strip(), number));
        }
        return new ConfigFile(path, entries);
    }

    public Path path() {
        return path;
    }

    /** The settings in file order. */
    public Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? name : name + " " + e.getMessage();
        };
    }
}
