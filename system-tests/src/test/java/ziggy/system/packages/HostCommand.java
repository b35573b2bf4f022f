package ziggy.system.packages;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import ziggy.testing.ToolRun;

/** A program of the host (tar, dpkg-deb, lintian, systemd-analyze, man, bash) run to its end. */
final class HostCommand {
    private HostCommand() {
    }

    static ToolRun run(String... command) {
        return ToolRun.start(List.of(command), Map.of(), null).finish();
    }

    /** Like {@link #run}, failing with the command's stderr unless it exits 0. */
    static ToolRun succeed(String... command) {
        ToolRun run = run(command);
        if (run.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + run.exitCode() + "\nstdout:\n" + run.stdout()
                    + "\nstderr:\n" + run.stderr());
        }
        return run;
    }

    /** Skips the calling test, naming the program and where it comes from, when it is not on the PATH. */
    static void assumePresent(String program, String debianPackage) {
        boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(folder -> new File(folder, program))
                .anyMatch(File::canExecute);
        Assumptions.assumeTrue(present, program + " is not installed here (Debian package " + debianPackage
                + "; .ci/run installs what CI needs)");
    }
}
