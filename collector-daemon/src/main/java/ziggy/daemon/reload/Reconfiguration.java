package ziggy.daemon.reload;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

import ziggy.daemon.logging.LogLevels;
import ziggy.protocol.control.ControlReplies;

/**
 * What RELOAD, SIGHUP and LOG_LEVEL do. A reload reads the settings again ({@code reread}: flags as given
 * at start, the environment and the configuration file as they are now, checked as a start checks them),
 * compares them with those in effect, applies the changed ones that a {@link LiveSetting} takes, and names
 * the others as needing a restart (they keep their old values until then). A configuration the start
 * would refuse, or a live value a part cannot take, changes nothing: every check runs before any apply.
 */
public final class Reconfiguration {
    private static final Logger LOG = System.getLogger(Reconfiguration.class.getName());

    private final Supplier<Map<String, String>> reread;
    private final LogLevels logLevels;
    private final List<LiveSetting> live = new CopyOnWriteArrayList<>();
    /** The values in effect, by key: the start's, then each applied reload's. */
    private final Map<String, String> inEffect;

    /**
     * {@code started}: the settings the daemon started with; {@code reread}: reads them again, throwing an
     * {@code IllegalArgumentException} (or picocli's {@code ParameterException}) with a one-line reason.
     */
    public Reconfiguration(Map<String, String> started, Supplier<Map<String, String>> reread, LogLevels logLevels) {
        this.inEffect = new HashMap<>(started);
        this.reread = reread;
        this.logLevels = logLevels;
        register(new LiveSetting(List.of("log-level"), values -> LogLevels.parse(values.get("log-level")),
                values -> logLevels.apply(values.get("log-level"))));
    }

    /** A daemon run from code rather than by ziggyd: nothing to re-read; LOG_LEVEL still works. */
    public static Reconfiguration none() {
        return new Reconfiguration(Map.of("log-level", LogLevels.DEFAULT), () -> {
            throw new IllegalArgumentException("this daemon was started from code, without a configuration to re-read");
        }, new LogLevels());
    }

    /** Adds what a part can change live; parts register before the daemon answers its first command. */
    public void register(LiveSetting setting) {
        live.add(setting);
    }

    /** RELOAD's reply: {@code {ok, applied, restart_needed}}, or an error and nothing changed. */
    public synchronized BsonDocument reload() {
        Map<String, String> fresh;
        try {
            fresh = reread.get();
        } catch (RuntimeException e) { // IllegalArgumentException, picocli's ParameterException, a bad certificate
            LOG.log(Level.WARNING, "reload: the configuration is not valid, nothing changed: " + e.getMessage());
            return ControlReplies.error("reload refused, nothing changed: " + e.getMessage());
        }
        Set<String> changed = new LinkedHashSet<>();
        fresh.forEach((key, value) -> {
            if (!Objects.equals(inEffect.get(key), value)) {
                changed.add(key);
            }
        });
        List<LiveSetting> toApply = new ArrayList<>();
        Set<String> applied = new LinkedHashSet<>();
        for (LiveSetting setting : live) {
            if (setting.keys().stream().anyMatch(changed::contains)) {
                toApply.add(setting);
                applied.addAll(setting.keys().stream().filter(changed::contains).toList());
            }
        }
        try {
            for (LiveSetting setting : toApply) {
                setting.check().accept(fresh);
            }
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "reload: " + e.getMessage() + "; nothing changed");
            return ControlReplies.error("reload refused, nothing changed: " + e.getMessage());
        }
        List<String> failed = new ArrayList<>();
        for (LiveSetting setting : toApply) {
            try {
                setting.apply().accept(fresh);
            } catch (RuntimeException e) { // what only applying shows: a port in use
                failed.add(setting.keys() + ": " + e.getMessage());
                applied.removeAll(setting.keys());
                continue;
            }
            for (String key : setting.keys()) {
                inEffect.put(key, fresh.get(key));
            }
        }
        if (!failed.isEmpty()) {
            String message = "reload applied " + applied + " but could not apply " + String.join("; ", failed);
            LOG.log(Level.WARNING, message);
            return ControlReplies.error(message);
        }
        List<String> restartNeeded = changed.stream().filter(key -> !applied.contains(key)).toList();
        LOG.log(Level.INFO, "reload: " + (applied.isEmpty() ? "nothing to apply" : "applied " + applied)
                + (restartNeeded.isEmpty() ? "" : "; changed but taking effect only at the next start: " + restartNeeded));
        return ControlReplies.ok().append(ControlReplies.APPLIED, strings(applied))
                .append(ControlReplies.RESTART_NEEDED, strings(restartNeeded));
    }

    /** LOG_LEVEL's reply: {@code {ok, logger, level, was}}, or an error naming what is wrong. */
    public BsonDocument logLevel(BsonDocument request) {
        BsonValue level = request.get(ControlReplies.LEVEL);
        BsonValue logger = request.get(ControlReplies.LOGGER);
        if (level == null || !level.isString() || (logger != null && !(logger.isString() && !logger.asString().getValue().isBlank()))) {
            return ControlReplies.malformedRequest("LOG_LEVEL needs 'level' (error, warn, info, debug, trace) and may name"
                    + " a 'logger' (default: ziggy, all of the daemon's)");
        }
        String name = logger == null ? LogLevels.DAEMON : logger.asString().getValue();
        java.util.logging.Level newLevel;
        try {
            newLevel = LogLevels.level(level.asString().getValue());
        } catch (IllegalArgumentException e) {
            return ControlReplies.malformedRequest(e.getMessage());
        }
        String was = logLevels.set(name, newLevel);
        LOG.log(Level.INFO, "LOG_LEVEL: " + name + " from " + was + " to " + LogLevels.nameOf(newLevel));
        return ControlReplies.ok().append(ControlReplies.LOGGER, new BsonString(name))
                .append(ControlReplies.LEVEL, new BsonString(LogLevels.nameOf(newLevel))).append(ControlReplies.WAS, new BsonString(was));
    }

    /** STATUS's {@code logging}: the levels in effect. */
    public BsonDocument loggingStatus() {
        return logLevels.status();
    }

    private static BsonArray strings(Iterable<String> values) {
        BsonArray array = new BsonArray();
        values.forEach(value -> array.add(new BsonString(value)));
        return array;
    }
}
