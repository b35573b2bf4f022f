package ziggy.zmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** One line a second per reason, however often the same mistake repeats, saying how many were left out. */
class RateLimitedLogTest {
    private final List<String> lines = new ArrayList<>();
    private long now = 5_000_000_000L;

    @Test
    void aRepeatedReasonIsLoggedOnceASecondWithTheCountLeftOut() {
        RateLimitedLog log = new RateLimitedLog(new ListLogger(), () -> now);
        for (int i = 0; i < 1000; i++) {
            log.log(Level.WARNING, "NOT_ZMTP", "refused peer " + i);
            log.log(Level.WARNING, "MECHANISM", "mechanism " + i);
            now += 1_000_000;
        }
        log.log(Level.WARNING, "NOT_ZMTP", "refused peer again");

        assertEquals(List.of("refused peer 0", "mechanism 0",
                "refused peer again (999 more like it since the last such line)"), lines);
    }

    /** Keeps the lines a System.Logger would print. */
    private final class ListLogger implements Logger {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(format);
        }
    }
}
