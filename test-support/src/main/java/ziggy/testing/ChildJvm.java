package ziggy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM running a main class on the test's own class path, for tests that must kill a
 * daemon with SIGKILL, stop it with SIGTERM, or read its exit status. Output (stdout and stderr
 * together) goes to a log file so a test can read it after the process has died; or, started with
 * {@link #startWithStdoutPiped}, stderr alone goes there and stdout is a pipe the test reads ({@link #stdout()})
 * or leaves unread, as a container's log driver might.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path log;

    /** Whether stdout is a pipe apart from the log file. */
    private final boolean stdoutPiped;

    private ChildJvm(Process process, Path log) {
        this(process, log, false);
    }

    private ChildJvm(Process process, Path log, boolean stdoutPiped) {
        this.stdoutPiped = stdoutPiped;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with {@code args}; {@code jvmOptions} such as -Xmx go before the class. */
    public static ChildJvm start(Class<?> mainClass, List<String> jvmOptions, String... args) {
        return start(mainClass.getName(), jvmOptions, args);
    }

    public static ChildJvm start(String mainClass, List<String> jvmOptions, String... args) {
        return start(new ProcessBuilder(command(mainClass, jvmOptions, args)));
    }

    /**
     * As {@link #start(String, List, String...)}, with stdout a pipe of its own ({@link #stdout()}): a pipe the test
     * does not read fills (64 KiB on Linux) and then blocks the child's writes to it. {@link #output()} is stderr.
     */
    public static ChildJvm startWithStdoutPiped(String mainClass, List<String> jvmOptions, String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, jvmOptions, args));
        try {
            Path log = Files.createTempFile("ziggy-child", ".stderr.log");
            log.toFile().deleteOnExit();
            Process process = builder.redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            return new ChildJvm(process, log, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + builder.command(), e);
        }
    }

    private static List<String> command(String mainClass, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs a launcher script that execs its JVM (as packaging/bin/ziggyd does), so that the process
     * started is the JVM itself and {@link #kill9()} and {@link #terminate} reach it directly.
     * {@code environment} is added to this process's (JAVA_OPTS, JAVA_HOME).
     */
    public static ChildJvm launch(Path launcher, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return start(builder);
    }

    /**
     * As {@link #launch}, under {@code ulimit -n descriptors}: a shell sets the limit and execs the
     * launcher, which execs the JVM, so the process started is still the JVM itself.
     */
    public static ChildJvm launchWithDescriptorLimit(Path launcher, Map<String, String> environment, int descriptors,
                                                     String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + descriptors + " && exec \"$0\" \"$@\"",
                launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return start(builder);
    }

    private static ChildJvm start(ProcessBuilder builder) {
        try {
            Path log = Files.createTempFile("ziggy-child", ".log");
            log.toFile().deleteOnExit();
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ChildJvm(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + builder.command(), e);
        }
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The child's stdout, for a child started by {@link #startWithStdoutPiped}. */
    public java.io.InputStream stdout() {
        if (!stdoutPiped) {
            throw new IllegalStateException("this child's stdout goes to its log file with stderr: start it with startWithStdoutPiped");
        }
        return process.getInputStream();
    }

    /** Everything the child printed so far (stderr alone when its stdout is piped apart). */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. Waits until the process is gone. */
    public void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGHUP, as {@code systemctl reload} sends it; returns once {@code kill} has sent it. */
    public void hangUp() {
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -HUP " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGTERM, then the exit status, failing if the child does not exit within {@code timeout}. */
    public int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child did not exit within " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        killIfAlive(process);
    }

    /** SIGKILL to a child process that still runs, and a wait for it to go, so no test leaves one behind. */
    static void killIfAlive(Process process) {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
