package ziggy.daemon.pylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.daemon.Ziggyd;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/** {@code --python-logging} mistakes as a user meets them: one line on stderr and the exit status that says which kind. */
class ZiggydPythonLoggingFlagTest {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path logPath;

    private ChildJvm ziggyd(String pythonLogging) {
        return ChildJvm.start(Ziggyd.class, List.of("-Xmx64m"), "--log-path=" + logPath,
                "--collect=127.0.0.1:" + FreePort.pick(), "--control=127.0.0.1:" + FreePort.pick(),
                "--python-logging=" + pythonLogging);
    }

    private static void assertOneLine(ChildJvm child, int status, String expected) {
        assertEquals(status, child.awaitExit(EXIT_WITHIN), child.output());
        String output = child.output().strip();
        assertFalse(output.contains("\n"), output);
        assertTrue(output.startsWith("ziggyd: ") && output.contains(expected), output);
        assertFalse(output.contains("Exception"), output);
    }

    @Test
    void aMalformedAddressIsAUsageErrorExiting2() {
        try (ChildJvm child = ziggyd("nonsense")) {
            assertOneLine(child, 2, "--python-logging");
        }
    }

    @Test
    void aPortInUseIsNamedAndExits1() {
        int port = FreePort.pick();
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket taken = context.createSocket(SocketType.PULL);
            taken.bind("tcp://127.0.0.1:" + port);
            try (ChildJvm child = ziggyd("127.0.0.1:" + port)) {
                assertOneLine(child, 1, "--python-logging 127.0.0.1:" + port + ": address already in use");
            }
        }
    }
}
