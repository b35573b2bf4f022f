package ziggy.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import ziggy.testing.FreePort;

/**
 * ziggyctl's command line in this JVM: what it says and which exit status it gives when the call is
 * wrong or nobody answers. Against a real daemon through the real launcher: system-tests.
 */
class ZiggyctlTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void usageMistakesAreOneLineAndExitTwo() {
        assertUsageMistake("say what to do: status, shutdown, reload, log-level or keygen");
        assertUsageMistake("Unmatched argument at index 0: 'restart'", "restart");
        assertUsageMistake("port 'port' in 'localhost:port' is not a number", "-H", "localhost:port", "status");
        assertUsageMistake("Unknown option: '--tables'", "status", "--tables");
        assertUsageMistake("--timeout must be between 0 and 3600 seconds", "--timeout", "-1", "status");
        assertUsageMistake("LEVEL must be error, warn, info, debug or trace, not 'loud'", "log-level", "loud");
        assertUsageMistake("Missing required parameter: 'LEVEL'", "log-level");
    }

    @Test
    void aDaemonThatDoesNotAnswerIsOneLineAndExitOne() {
        for (String command : new String[] {"status", "shutdown", "reload"}) {
            err.getBuffer().setLength(0);
            String control = "127.0.0.1:" + FreePort.pick();
            assertEquals(1, execute("-H", control, "--timeout", "0.3", command));
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("ziggyctl: no reply from the control port " + control), err.toString());
        }
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, execute("--help"));
        assertTrue(out.toString().contains("status") && out.toString().contains("shutdown"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, execute("status", "--version"));
        assertTrue(out.toString().startsWith("ziggyctl "), out.toString());
    }

    private void assertUsageMistake(String expected, String... args) {
        err.getBuffer().setLength(0);
        assertEquals(2, execute(args), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("ziggyctl: ") && err.toString().contains(expected), err.toString());
    }

    private int execute(String... args) {
        CommandLine commandLine = Ziggyctl.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
