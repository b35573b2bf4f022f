package ziggy.daemon.logging;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * ziggyd's own log levels, changed at run time by {@code --log-level} on a reload and by LOG_LEVEL. A
 * setting is {@code LEVEL[,LOGGER=LEVEL…]}: the level of every logger of the daemon ({@code ziggy}),
 * then levels for single loggers under it or of libraries ({@code info,ziggy.forward=debug}). Levels
 * are named as ziggyd's log lines name them: error, warn, info, debug, trace.
 *
 * <p>JUL keeps loggers weakly: the ones set here are held, or a level would vanish with its logger.
 */
public final class LogLevels {
    /** Every daemon logger is under this one; its level is a setting's first part. */
    public static final String DAEMON = "ziggy";
    public static final String DEFAULT = "info";

    private static final Map<String, Level> BY_NAME = Map.of("error", Level.SEVERE, "warn", Level.WARNING,
            "info", Level.INFO, "debug", Level.FINE, "trace", Level.ALL);

    /** The loggers this has set, by name, with the setting each came from (held: see the class comment). */
    private final Map<String, Logger> held = new TreeMap<>();
    /** What {@link #apply} set beyond the daemon's level, so that the next setting can undo what it drops. */
    private final Map<String, Level> fromSetting = new LinkedHashMap<>();

    /**
     * Checks a setting without applying it; an {@code IllegalArgumentException} names what is wrong.
     *
     * @return the daemon's level, then each named logger's
     */
    public static Map<String, Level> parse(String setting) {
        Map<String, Level> levels = new LinkedHashMap<>();
        String[] parts = setting.split(",", -1);
        levels.put(DAEMON, level(parts[0].trim()));
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            int equals = part.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--log-level: '" + part + "' is not LOGGER=LEVEL (e.g. info,ziggy.forward=debug)");
            }
            levels.put(part.substring(0, equals).trim(), level(part.substring(equals + 1).trim()));
        }
        return levels;
    }

    /** The JUL level of a level name; an {@code IllegalArgumentException} for another name. */
    public static Level level(String name) {
        Level level = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException("unknown log level '" + name + "': give error, warn, info, debug or trace");
        }
        return level;
    }

    /** The name of a JUL level as ziggyd's log lines have it. */
    public static String nameOf(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (level.intValue() >= Level.INFO.intValue()) {
            return "info";
        }
        return level.intValue() >= Level.FINE.intValue() ? "debug" : "trace";
    }

    /**
     * Applies a whole setting: the daemon's level and each named logger's; a logger the previous setting
     * named and this one does not goes back to its parent's level.
     */
    public synchronized void apply(String setting) {
        Map<String, Level> levels = parse(setting);
        for (String dropped : fromSetting.keySet()) {
            if (!levels.containsKey(dropped)) {
                logger(dropped).setLevel(null);
            }
        }
        fromSetting.clear();
        levels.forEach((name, level) -> {
            logger(name).setLevel(level);
            if (!name.equals(DAEMON)) {
                fromSetting.put(name, level);
            }
        });
    }

    /** Sets one logger's level (LOG_LEVEL); returns the name of the level it had in effect before. */
    public synchronized String set(String name, Level level) {
        Logger logger = logger(name);
        String was = nameOf(effectiveLevel(logger));
        logger.setLevel(level);
        return was;
    }

    /** {@code {level: <the daemon's>, loggers: {name: level}}} for STATUS: what is in effect now. */
    public synchronized BsonDocument status() {
        BsonDocument loggers = new BsonDocument();
        held.forEach((name, logger) -> {
            if (!name.equals(DAEMON) && logger.getLevel() != null) {
                loggers.append(name, new BsonString(nameOf(logger.getLevel())));
            }
        });
        return new BsonDocument("level", new BsonString(nameOf(effectiveLevel(logger(DAEMON))))).append("loggers", loggers);
    }

    private Logger logger(String name) {
        return held.computeIfAbsent(name, Logger::getLogger);
    }

    private static Level effectiveLevel(Logger logger) {
        for (Logger at = logger; at != null; at = at.getParent()) {
            if (at.getLevel() != null) {
                return at.getLevel();
            }
        }
        return Level.INFO;
    }
}
