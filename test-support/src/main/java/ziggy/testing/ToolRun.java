package ziggy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
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
 * A command-line tool run as a user runs it, in a child process: a launcher script, or a main
 * class in a JVM on the test's class path. Stdin comes from a file (or is empty); stdout and stderr
 * are kept apart in files, so a test parses the JSON on stdout and reads the one-line messages on
 * stderr, also while the tool still runs.
 */
public final class ToolRun implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedNanos = System.nanoTime();

    private ToolRun(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts {@code command}; {@code environment} is added to this process's, {@code stdin} may be
     * null for an empty stdin.
     */
    public static ToolRun start(List<String> command, Map<String, String> environment, Path stdin) {
        try {
            Path out = Files.createTempFile("ziggy-tool", ".out");
            Path err = Files.createTempFile("ziggy-tool", ".err");
            out.toFile().deleteOnExit();
            err.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(stdin != null ? stdin.toFile() : new File("/dev/null"));
            builder.environment().putAll(environment);
            return new ToolRun(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Starts {@code mainClass} with {@code args} in a JVM on the test class path; {@code stdin} may be null. */
    public static ToolRun start(Class<?> mainClass, Path stdin, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1"); // a short-lived tool: start fast
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return start(command, Map.of(), stdin);
    }

    /** Runs {@code mainClass} to its end (at most a minute). */
    public static ToolRun run(Class<?> mainClass, Path stdin, String... args) {
        return start(mainClass, stdin, List.of(), args).finish();
    }

    /** Waits for the end (at most a minute) and returns this, for reading the outcome. */
    public ToolRun finish() {
        awaitExit(RUN_LIMIT);
        return this;
    }

    /** The exit status; fails (and kills the tool) when it runs longer than {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String state = describe();
                process.destroyForcibly();
                throw new AssertionError("tool did not exit within " + timeout + "; stderr:\n" + stderr() + "\n" + state);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether the tool has exited (without waiting). */
    public boolean hasExited() {
        return !process.isAlive();
    }

    /** Sends SIGINT, as Ctrl-C does. */
    public void interrupt() {
        signal("-INT");
    }

    /** For failure messages: whether it runs, and its threads' stacks if so. */
    public String describe() {
        if (!process.isAlive()) {
            return "exited " + process.exitValue();
        }
        try {
            Process jstack = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jstack").toString(),
                    Long.toString(process.pid())).redirectErrorStream(true).start();
            return "running:\n" + new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "running (no jstack: " + e.getMessage() + ")";
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** From the start to now (after {@link #finish()}: about the run's length). */
    public Duration took() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Every stdout line parsed as JSON (a parser, not string matching, decides what was printed). */
    public List<JsonNode> jsonLines() {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : stdout().split("\n")) {
            if (!line.isEmpty()) {
                try {
                    nodes.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return nodes;
    }

    /** Asserts the run ended with {@code code} and said exactly one line on stderr, without a stack trace. */
    public ToolRun assertOneLineFailure(int code) {
        String err = stderr();
        if (exitCode() != code) {
            throw new AssertionError("exit status " + exitCode() + ", not " + code + "; stderr: " + err);
        }
        if (err.lines().count() != 1) {
            throw new AssertionError("not one line on stderr: " + err);
        }
        if (err.contains("\tat ") || err.contains("Exception")) {
            throw new AssertionError("a stack trace on stderr: " + err);
        }
        return this;
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ChildJvm.killIfAlive(process);
    }
}
