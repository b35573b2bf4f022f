package ziggy.protocol.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/** What JeroMQ's I/O thread caught and survived goes to the debug log of a tool, not onto its stderr. */
class ToolContextsTest {
    private final Logger logger = Logger.getLogger(ToolContexts.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord logged) {
            records.add(logged);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream realStderr;

    @BeforeEach
    void listen() {
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        realStderr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(realStderr);
        logger.removeHandler(handler);
        logger.setLevel(null);
    }

    @Test
    void aRaceJeroMqSurvivesIsLoggedAtDebugAndNothingIsPrinted() {
        ClosedChannelException race = new ClosedChannelException();
        try (ZContext context = ToolContexts.open()) {
            context.getNotificationExceptionHandler().uncaughtException(new Thread("iothread-2"), race);
        }

        assertEquals("", stderr.toString(StandardCharsets.UTF_8));
        assertEquals(1, records.size());
        assertEquals(Level.FINE, records.get(0).getLevel());
        assertEquals("ZeroMQ's iothread-2 caught and went on", records.get(0).getMessage());
        assertSame(race, records.get(0).getThrown());
    }

    @Test
    void jeroMqsOwnDefaultPrintsTheStackTraceThatToolsMustNotShow() {
        try (ZContext context = new ZContext(1)) {
            context.getNotificationExceptionHandler().uncaughtException(new Thread("iothread-2"), new ClosedChannelException());
        }

        assertEquals("java.nio.channels.ClosedChannelException", stderr.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    }
}
