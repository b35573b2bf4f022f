package ziggy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python 3 script with Debian's interpreter, which has python3-zmq (libzmq) and python3-bson
 * (pymongo's bson): the real third-party peers our wire and files are held to.
 * The interpreter is the system property {@code ziggy.python} (default /usr/bin/python3).
 */
public final class PythonPeer {
    private PythonPeer() {
    }

    public static String interpreter() {
        return System.getProperty("ziggy.python", "/usr/bin/python3");
    }

    /** Fails with the install hint when the interpreter or its zmq/bson modules are missing. */
    public static void requireZmqAndBson() {
        Result probe = run("import zmq, bson; print(zmq.zmq_version())", Duration.ofSeconds(30));
        if (probe.exitCode() != 0) {
            throw new IllegalStateException(interpreter() + " lacks zmq or bson: apt-get install python3-zmq python3-bson\n"
                    + probe.stderr());
        }
    }

    /** Runs {@code script} with {@code args} as sys.argv[1:], waits at most {@code timeout}, kills it after. */
    public static Result run(String script, Duration timeout, String... args) {
        Process process = start(script, args);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("python script did not finish within " + timeout + ":\n" + script);
            }
            return new Result(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the script without waiting, for peers that must run beside the test (a subscriber, a
     * slow sender). The caller destroys it. Reading its output after it ends is the caller's job.
     */
    public static Process start(String script, String... args) {
        try {
            Path file = Files.createTempFile("ziggy-peer", ".py");
            file.toFile().deleteOnExit();
            Files.writeString(file, script);
            List<String> command = new ArrayList<>(List.of(interpreter(), "-u", file.toString()));
            command.addAll(List.of(args));
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + interpreter(), e);
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public Result assertSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("python exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }
}
