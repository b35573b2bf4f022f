package ziggy.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.Ziggyd;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/** {@code --http} mistakes as a user meets them: one line on stderr and the exit status that says which kind. */
class ZiggydHttpFlagTest {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path logPath;

    private ChildJvm ziggyd(String http) {
        return ChildJvm.start(Ziggyd.class, List.of("-Xmx64m"), "--log-path=" + logPath,
                "--collect=127.0.0.1:" + FreePort.pick(), "--control=127.0.0.1:" + FreePort.pick(), "--http=" + http);
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
            assertOneLine(child, 2, "--http");
        }
    }

    @Test
    void aPortInUseIsNamedAndExits1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ChildJvm child = ziggyd("127.0.0.1:" + taken.getLocalPort())) {
            assertOneLine(child, 1, "--http 127.0.0.1:" + taken.getLocalPort() + ": address already in use");
        }
    }
}
