package ziggy.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool run as a user runs it: its main class in a child JVM on the test class path,
 * stdin from a file (or nothing), stdout and stderr kept apart in files so the test can parse the
 * JSON on stdout and read the one-line messages on stderr.
 */
final class ToolRun implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedNanos = System.nanoTime();

    private ToolRun(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code mainClass} with {@code args}; {@code stdin} may be null for an empty stdin. */
    static ToolRun start(Class<?> mainClass, Path stdin, List<String> jvmOptions, String... args) {
        try {
            Path out = Files.createTempFile("ziggy-tool", ".out");
            Path err = Files.createTempFile("ziggy-tool", ".err");
            out.toFile().deleteOnExit();
            err.toFile().deleteOnExit();
            List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:TieredStopAtLevel=1"); // a short-lived tool: start fast
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass.getName());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(stdin != null ? stdin.toFile() : new File("/dev/null"));
            return new ToolRun(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end (at most 60 s). */
    static ToolRun run(Class<?> mainClass, Path stdin, String... args) {
        ToolRun run = start(mainClass, stdin, List.of(), args);
        run.awaitExit(Duration.ofSeconds(60));
        return run;
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tool did not exit within " + timeout + "; stderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends SIGINT, as Ctrl-C does. */
    void interrupt() {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** For failure messages: whether it runs, and its threads' stacks if so. */
    String describe() {
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

    int exitCode() {
        return process.exitValue();
    }

    Duration took() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Every stdout line parsed as JSON (a parser, not string matching, decides what was printed). */
    List<JsonNode> jsonLines() {
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
    ToolRun assertOneLineFailure(int code) {
        assertEquals(code, exitCode(), "stderr: " + stderr());
        String err = stderr();
        assertEquals(1, err.lines().count(), "one line on stderr: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
        return this;
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
