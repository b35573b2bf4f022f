package ziggy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ziggy.protocol.ZiggyVersion;
import ziggy.protocol.control.ControlException;
import ziggy.protocol.endpoint.Endpoint;

/** What a user sees from any Ziggy tool when something goes wrong, and from --version. */
class ErrorReportingTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aUsageMistakeIsOneLineNamingTheToolAndItsHelpAndExitTwo() {
        assertEquals(ExitStatus.USAGE, execute("--no-such-flag"));
        assertEquals("tool: Unknown option: '--no-such-flag' (see tool --help)\n", err.toString());
    }

    @Test
    void aSubcommandsUsageMistakePointsToTheSubcommandsHelp() {
        assertEquals(ExitStatus.USAGE, execute("sub", "--nope"));
        assertEquals("tool: Unknown option: '--nope' (see tool sub --help)\n", err.toString());
    }

    @Test
    void aFailureTheUserCanActOnIsOneLineAndExitOne() {
        assertEquals(ExitStatus.RUNTIME_FAILURE, execute("--fail", "folder"));
        assertEquals("tool: no such folder\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(ExitStatus.RUNTIME_FAILURE, execute("--fail", "daemon"));
        assertEquals("tool: no reply from 127.0.0.1:3513\n", err.toString());
    }

    @Test
    void aBugKeepsItsStackTrace() {
        assertEquals(ExitStatus.RUNTIME_FAILURE, execute("--fail", "bug"));
        assertTrue(err.toString().contains("IllegalStateException: a bug") && err.toString().contains("\tat "), err.toString());
    }

    @Test
    void versionNamesTheToolAlsoFromASubcommand() {
        assertEquals(ExitStatus.OK, execute("--version"));
        assertEquals("tool " + ZiggyVersion.version() + "\n", out.toString());
        out.getBuffer().setLength(0);
        assertEquals(ExitStatus.OK, execute("sub", "--version"));
        assertEquals("tool " + ZiggyVersion.version() + "\n", out.toString());
    }

    @Test
    void aControlAddressWithoutAPortTakesTheControlDefault() {
        Endpoint endpoint = new ControlAddressConverter().convert("localhost");
        assertEquals(3513, endpoint.port());
        assertEquals(ExitStatus.USAGE, execute("-H", "localhost:port"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("tool: Invalid value for option '-H'"), err.toString());
    }

    private int execute(String... args) {
        CommandLine commandLine = ErrorReporting.install(new CommandLine(new Tool()));
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Command(name = "tool", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, subcommands = Tool.Sub.class)
    static final class Tool implements Runnable {
        @Option(names = "--fail")
        String fail;

        @Option(names = "-H", converter = ControlAddressConverter.class)
        Endpoint host;

        @Override
        public void run() {
            if ("folder".equals(fail)) {
                throw new CommandFailure("no such folder");
            }
            if ("daemon".equals(fail)) {
                throw new ControlException("no reply from 127.0.0.1:3513");
            }
            if ("bug".equals(fail)) {
                throw new IllegalStateException("a bug");
            }
        }

        @Command(name = "sub", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
        static final class Sub implements Runnable {
            @Override
            public void run() {
            }
        }
    }
}
