package ziggy.system.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ziggy.testing.RealDaemon;
import ziggy.testing.ToolRun;

/**
 * The launchers of this checkout, {@code packaging/bin/ziggyd}, {@code ziggyview} and
 * {@code ziggyctl}, run as an operator runs them. They find their class path in
 * {@code packaging/target/lib}, which the packaging module fills before this module's tests run.
 */
public final class Launchers {
    /** The JDK running the tests, and JIT settings that start a short-lived JVM fast. */
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "JAVA_HOME", System.getProperty("java.home"),
            "JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

    private static final Path BIN = checkoutRoot().resolve("packaging").resolve("bin");

    private Launchers() {
    }

    /** A master ziggyd started by {@code packaging/bin/ziggyd}, writing into {@code logPath}. */
    public static RealDaemon ziggyd(Path logPath) {
        return RealDaemon.launchedBy(launcher("ziggyd"), ENVIRONMENT, logPath);
    }

    /** As {@link #ziggyd(Path)} with more arguments, under {@code ulimit -n descriptorLimit} unless it is 0. */
    public static RealDaemon ziggyd(Path logPath, List<String> moreArguments, int descriptorLimit) {
        return RealDaemon.launchedBy(launcher("ziggyd"), ENVIRONMENT, logPath, moreArguments, descriptorLimit);
    }

    /** {@code daemon}, not started yet, to be run by {@code packaging/bin/ziggyd}. */
    public static RealDaemon packaged(RealDaemon daemon) {
        return daemon.through(launcher("ziggyd"), ENVIRONMENT);
    }

    /** Starts {@code tool} (ziggyview, ziggyctl) with {@code args}; {@code stdin} may be null for an empty stdin. */
    public static ToolRun start(String tool, Path stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher(tool).toString());
        command.addAll(List.of(args));
        return ToolRun.start(command, ENVIRONMENT, stdin);
    }

    /** Runs {@code tool} to its end (at most a minute). */
    public static ToolRun run(String tool, Path stdin, String... args) {
        return start(tool, stdin, args).finish();
    }

    private static Path launcher(String name) {
        Path launcher = BIN.resolve(name);
        if (!Files.isExecutable(launcher) || !Files.isDirectory(BIN.resolveSibling("target").resolve("lib"))) {
            throw new IllegalStateException(launcher + " or its class path packaging/target/lib is missing: build packaging first");
        }
        return launcher;
    }

    /** Surefire runs in the module's folder ({@code basedir}); the checkout is its parent. */
    private static Path checkoutRoot() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    }
}
