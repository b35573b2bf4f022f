package ziggy.daemon.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ziggy.daemon.logging.LogLevels;

/** What a reload applies, what it names for a restart, and that a bad configuration changes nothing. */
class ReconfigurationTest {
    private final Map<String, String> file = new HashMap<>(Map.of("log-level", "info", "collect", "*:3514", "forward", "a:3514"));
    private final LogLevels levels = new LogLevels();
    private final List<String> forwardedTo = new ArrayList<>();
    private final Reconfiguration reconfiguration = new Reconfiguration(Map.copyOf(file), () -> Map.copyOf(file), levels);

    ReconfigurationTest() {
        reconfiguration.register(new LiveSetting(List.of("forward"), values -> {
            if (values.get("forward").isBlank()) {
                throw new IllegalArgumentException("--forward cannot be taken away");
            }
        }, values -> forwardedTo.add(values.get("forward"))));
    }

    @AfterEach
    void backToTheDefault() {
        levels.apply(LogLevels.DEFAULT);
    }

    @Test
    void liveSettingsAreAppliedAndTheOthersNamedForTheNextStart() {
        file.put("log-level", "debug");
        file.put("forward", "b:3514");
        file.put("collect", "*:4514");

        BsonDocument reply = reconfiguration.reload();

        assertEquals("{\"ok\": true, \"applied\": [\"log-level\", \"forward\"], \"restart_needed\": [\"collect\"]}", reply.toJson());
        assertEquals("debug", reconfiguration.loggingStatus().getString("level").getValue());
        assertEquals(List.of("b:3514"), forwardedTo);
    }

    @Test
    void aSettingNotChangedSinceIsNotAppliedAgainButOneWaitingForARestartIsNamedAgain() {
        file.put("collect", "*:4514");
        file.put("forward", "b:3514");
        reconfiguration.reload();

        BsonDocument again = reconfiguration.reload();

        assertEquals("{\"ok\": true, \"applied\": [], \"restart_needed\": [\"collect\"]}", again.toJson());
        assertEquals(List.of("b:3514"), forwardedTo);
    }

    @Test
    void aValueAPartCannotTakeChangesNothingAtAll() {
        file.put("log-level", "debug");
        file.put("forward", " ");

        BsonDocument reply = reconfiguration.reload();

        assertEquals("reload refused, nothing changed: --forward cannot be taken away", reply.getString("error").getValue());
        assertEquals("info", reconfiguration.loggingStatus().getString("level").getValue(), "the log level was checked, not applied");
        assertTrue(forwardedTo.isEmpty());
    }

    @Test
    void aConfigurationTheStartWouldRefuseChangesNothing() {
        Reconfiguration unreadable = new Reconfiguration(Map.of("log-level", "info"), () -> {
            throw new IllegalArgumentException("ziggyd.conf:3: unknown key 'colect'");
        }, levels);

        assertEquals("reload refused, nothing changed: ziggyd.conf:3: unknown key 'colect'",
                unreadable.reload().getString("error").getValue());
    }

    @Test
    void logLevelSetsOneLoggerAndRefusesAnUnknownLevel() {
        BsonDocument reply = reconfiguration.logLevel(BsonDocument.parse("{cmd: 'LOG_LEVEL', level: 'trace', logger: 'ziggy.forward'}"));
        assertEquals("{\"ok\": true, \"logger\": \"ziggy.forward\", \"level\": \"trace\", \"was\": \"info\"}", reply.toJson());

        BsonDocument refused = reconfiguration.logLevel(BsonDocument.parse("{cmd: 'LOG_LEVEL', level: 'loud'}"));
        assertTrue(refused.getString("error").getValue().contains("unknown log level 'loud'"), refused.toJson());
        BsonDocument noLevel = reconfiguration.logLevel(BsonDocument.parse("{cmd: 'LOG_LEVEL'}"));
        assertTrue(noLevel.containsKey("error"), noLevel.toJson());
    }
}
