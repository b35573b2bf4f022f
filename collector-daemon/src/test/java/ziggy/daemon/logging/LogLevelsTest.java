package ziggy.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogLevelsTest {
    private final LogLevels levels = new LogLevels();

    @AfterEach
    void backToTheDefault() {
        levels.apply(LogLevels.DEFAULT);
    }

    @Test
    void aSettingSetsTheDaemonsLevelAndSingleLoggers() {
        levels.apply("warn,ziggy.forward=debug,org.zeromq=error");

        assertEquals(Level.WARNING, Logger.getLogger("ziggy").getLevel());
        assertEquals(Level.FINE, Logger.getLogger("ziggy.forward").getLevel());
        assertEquals(Level.SEVERE, Logger.getLogger("org.zeromq").getLevel());
        assertEquals("{\"level\": \"warn\", \"loggers\": {\"org.zeromq\": \"error\", \"ziggy.forward\": \"debug\"}}",
                levels.status().toJson());
    }

    @Test
    void aLoggerTheNextSettingDropsGoesBackToItsParentsLevel() {
        levels.apply("info,ziggy.forward=trace");
        levels.apply("debug");

        assertNull(Logger.getLogger("ziggy.forward").getLevel());
        assertTrue(Logger.getLogger("ziggy.forward").isLoggable(Level.FINE));
        assertTrue(!Logger.getLogger("ziggy.forward").isLoggable(Level.FINEST));
    }

    @Test
    void oneLoggerSetAtRunTimeSaysWhatItHadBefore() {
        levels.apply("info");

        assertEquals("info", levels.set("ziggy.storage", Level.FINE));
        assertEquals("debug", levels.set("ziggy.storage", Level.SEVERE));
    }

    @Test
    void aBadSettingNamesWhatIsWrong() {
        assertEquals("unknown log level 'loud': give error, warn, info, debug or trace",
                assertThrows(IllegalArgumentException.class, () -> LogLevels.parse("loud")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogLevels.parse("info,ziggy.forward"))
                .getMessage().contains("is not LOGGER=LEVEL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogLevels.parse("info,ziggy.forward=noisy"))
                .getMessage().contains("'noisy'"));
    }
}
