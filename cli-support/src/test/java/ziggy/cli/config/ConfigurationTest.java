package ziggy.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Settings from flags, the environment, a config file and defaults, as a tool that installed {@link Configuration} sees them. */
class ConfigurationTest {
    @TempDir
    Path folder;

    private final Map<String, String> env = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Zdemo ran;

    @Command(name = "zdemo", mixinStandardHelpOptions = true)
    static final class Zdemo implements Callable<Integer> {
        @Option(names = "--log-path", required = true)
        Path logPath;

        @Option(names = "--collect", defaultValue = "127.0.0.1:3514")
        String collect;

        @Option(names = "--timezone", defaultValue = "UTC")
        String timezone;

        @Option(names = "--idle-close-seconds", defaultValue = "60")
        int idleCloseSeconds;

        @Option(names = "--fsync")
        boolean fsync;

        @Option(names = "-v")
        boolean[] verbosity = new boolean[0];

        @Override
        public Integer call() {
            return 0;
        }
    }

    private int run(String... args) {
        ran = new Zdemo();
        CommandLine commandLine = new CommandLine(ran);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            e.getCommandLine().getErr().println("zdemo: " + e.getMessage());
            return 2;
        });
        Configuration.install(commandLine, env);
        return commandLine.execute(args);
    }

    private Path config(String... lines) throws IOException {
        return Files.write(folder.resolve("zdemo.conf"), List.of(lines));
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws IOException {
        Path file = config(
                "# every setting of zdemo",
                "log-path = /from/file",
                "collect = file:1",
                "",
                "  timezone =   Europe/Paris  ",
                "idle-close-seconds = 5");
        env.put("ZDEMO_COLLECT", "env:2");
        env.put("ZDEMO_TIMEZONE", "Asia/Tokyo");
        env.put("ZDEMO_UNRELATED_OPTS", "-Xmx1g");

        assertEquals(0, run("--config", file.toString(), "--timezone=America/Lima"), err.toString());

        assertEquals(Path.of("/from/file"), ran.logPath);
        assertEquals("env:2", ran.collect);
        assertEquals("America/Lima", ran.timezone);
        assertEquals(5, ran.idleCloseSeconds);
        assertFalse(ran.fsync);
    }

    @Test
    void withoutAFileTheEnvironmentAloneCanSetARequiredOptionAndABoolean() {
        env.put("ZDEMO_LOG_PATH", "/from/env");
        env.put("ZDEMO_FSYNC", "true");
        env.put("ZDEMO_COLLECT", "   ");

        assertEquals(0, run(), err.toString());

        assertEquals(Path.of("/from/env"), ran.logPath);
        assertTrue(ran.fsync);
        assertEquals("127.0.0.1:3514", ran.collect, "a blank variable counts as unset");
    }

    @Test
    void theFileCanBeNamedInTheEnvironment() throws IOException {
        env.put("ZDEMO_CONFIG", config("log-path = /named/by/env").toString());

        assertEquals(0, run(), err.toString());

        assertEquals(Path.of("/named/by/env"), ran.logPath);
    }

    @Test
    void anUnknownKeyIsAUsageErrorNamingItAndItsLineEvenWhenFlagsSetEverything() throws IOException {
        Path file = config("log-path = /x", "# a comment", "colect = *:3514");

        assertEquals(2, run("--config=" + file, "--log-path=/y", "--collect=a:1", "--timezone=UTC",
                "--idle-close-seconds=3", "--fsync"));

        String message = err.toString().strip();
        assertEquals("zdemo: " + file + ":3: unknown key 'colect' (zdemo has no --colect)", message);
    }

    @Test
    void malformedFilesAreOneLineUsageErrors() throws IOException {
        assertUsageError(config("log-path /x"), ":1: expected key = value");
        assertUsageError(config("log-path = /x", " = y"), ":2: a key is missing");
        assertUsageError(config("log-path = /x", "log-path = /y"), ":2: key 'log-path' is already set on line 1");
        assertUsageError(config("config = other.conf"), ":1: unknown key 'config'");
        assertUsageError(config("help = true"), ":1: unknown key 'help'");
        assertUsageError(folder.resolve("missing.conf"), "cannot read config file " + folder.resolve("missing.conf") + ": no such file");
    }

    @Test
    void aBadValueFromTheEnvironmentOrTheFileSaysWhereItCameFrom() throws IOException {
        Path file = config("log-path = /x", "idle-close-seconds = soon");
        assertEquals(2, run("--config", file.toString()));
        assertEquals("zdemo: Invalid value for option '--idle-close-seconds': 'soon' is not an int (from file " + file + ":2)",
                err.toString().strip());

        err.getBuffer().setLength(0);
        env.put("ZDEMO_IDLE_CLOSE_SECONDS", "later");
        assertEquals(2, run("--config", file.toString()));
        assertTrue(err.toString().strip().endsWith("'later' is not an int (from env ZDEMO_IDLE_CLOSE_SECONDS)"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("--config", file.toString(), "--idle-close-seconds=never"));
        assertTrue(err.toString().strip().endsWith("'never' is not an int"), "a flag's own mistake: " + err);
    }

    private void assertUsageError(Path file, String expected) {
        err.getBuffer().setLength(0);
        assertEquals(2, run("--config", file.toString()));
        String message = err.toString().strip();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains(expected), message);
    }

    @Test
    void printConfigShowsEachEffectiveSettingAndWhereItCameFromThenExits0() throws IOException {
        Path file = config("log-path = /from/file", "idle-close-seconds = 7");
        env.put("ZDEMO_TIMEZONE", "Asia/Tokyo");

        assertEquals(0, run("--config", file.toString(), "--collect=*:9", "--print-config"), err.toString());

        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of(
                "log-path           = /from/file   # file " + file + ":1",
                "collect            = *:9          # flag",
                "timezone           = Asia/Tokyo   # env ZDEMO_TIMEZONE",
                "idle-close-seconds = 7            # file " + file + ":2",
                "fsync              = false        # default"), lines);
    }

    @Command(name = "zctl", subcommands = ZctlStatus.class)
    static final class Zctl implements Runnable {
        @Option(names = {"-H", "--host"}, defaultValue = "127.0.0.1:3513")
        String host;

        @Override
        public void run() {
        }
    }

    @Command(name = "status")
    static final class ZctlStatus implements Callable<Integer> {
        static ZctlStatus ran;

        @Option(names = "--json")
        boolean json;

        @CommandLine.ParentCommand
        Zctl parent;

        @Override
        public Integer call() {
            ran = this;
            return 0;
        }
    }

    @Test
    void aToolWithSubcommandsTakesTheirFlagsFromTheEnvironmentAndTheFileToo() throws IOException {
        Path file = config("host = other:4513");
        env.put("ZCTL_JSON", "true");
        CommandLine commandLine = new CommandLine(new Zctl());
        Configuration.install(commandLine, env);
        commandLine.setErr(new PrintWriter(err, true));

        assertEquals(0, commandLine.execute("--config", file.toString(), "status"), err.toString());

        assertTrue(ZctlStatus.ran.json);
        assertEquals("other:4513", ZctlStatus.ran.parent.host);
    }

    @Test
    void helpStillWorksAndNamesTheNewFlags() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--config=<config>") || out.toString().contains("--config=FILE"), out.toString());
        assertTrue(out.toString().contains("--print-config"), out.toString());
    }
}
