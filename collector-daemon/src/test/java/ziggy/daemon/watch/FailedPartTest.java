package ziggy.daemon.watch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.Ziggyd;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/**
 * A real ziggyd whose part dies on purpose ({@code -Dziggyd.test.fail-part}): the health check says so
 * with the reason while the daemon stops, and the process ends with status 1 for systemd to restart it,
 * also when the dead part is JeroMQ's own I/O thread, which leaves the ZeroMQ context unable to close.
 */
class FailedPartTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int STOP_TIMEOUT_SECONDS = 3;

    @TempDir
    Path logPath;

    private final int httpPort = FreePort.pick();

    /** Without the warm-up, whose throwaway daemons the hook would strike first: their own test is below. */
    private ChildJvm ziggydFailing(String part) {
        return ziggydFailing(part, "--warm-up=0");
    }

    private ChildJvm ziggydFailing(String part, String warmUp) {
        return ChildJvm.start(Ziggyd.class, List.of("-Xmx96m", "-D" + FailureHook.PROPERTY + "=" + part),
                "--log-path=" + logPath, "--collect=127.0.0.1:" + FreePort.pick(), "--control=127.0.0.1:" + FreePort.pick(),
                "--http=127.0.0.1:" + httpPort, "--stop-timeout=" + STOP_TIMEOUT_SECONDS, warmUp);
    }

    /** The first 503 that {@code /healthcheck} answers, polled until the process has gone. */
    private HttpResponse<String> awaitUnhealthy(ChildJvm daemon) {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthcheck"))
                .timeout(Duration.ofSeconds(2)).build();
        AtomicReference<HttpResponse<String>> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            HttpResponse<String> answer = HTTP.send(probe, HttpResponse.BodyHandlers.ofString());
            seen.set(answer);
            return answer.statusCode() == 503;
        });
        return seen.get();
    }

    @Test
    void aStreamPublisherKilledByAnErrorTurnsTheHealthCheck503WithTheReasonAndTheProcessExits1() {
        try (ChildJvm daemon = ziggydFailing("stream")) {
            HttpResponse<String> health = awaitUnhealthy(daemon);
            assertTrue(health.body().contains("the stream publisher failed: java.lang.OutOfMemoryError"), health.body());
            assertTrue(health.body().contains("\"healthy\":false"), health.body());

            assertEquals(1, daemon.awaitExit(Duration.ofSeconds(20)), daemon.output());
            String output = daemon.output();
            assertTrue(output.contains("the stream publisher failed on thread ziggy-stream-"), output);
            assertTrue(output.contains("\tat ziggy.daemon.watch.FailureHook.strike"), "logged with its stack: " + output);
            assertTrue(output.strip().endsWith("stopped after a failure"), "the stop runs to its end: " + output);
        }
    }

    @Test
    void aPartFailingInTheWarmUpsThrowawayDaemonCutsTheWarmUpShortAndTheDaemonStartsAnyway() {
        try (ChildJvm daemon = ziggydFailing("stream", "--warm-up=200000")) {
            // Only the real daemon answers HTTP: its 503 says it started after the warm-up, and was struck too.
            HttpResponse<String> health = awaitUnhealthy(daemon);
            assertTrue(health.body().contains("the stream publisher failed"), health.body());

            assertEquals(1, daemon.awaitExit(Duration.ofSeconds(20)), daemon.output());
            assertTrue(daemon.output().contains("warm-up cut short after "), daemon.output());
        }
    }

    @Test
    void aDeadZeroMqIoThreadFailsTheDaemonAndItsStuckStopEndsAtTheStopTimeoutWithStatus1() {
        try (ChildJvm daemon = ziggydFailing("zeromq")) {
            HttpResponse<String> health = awaitUnhealthy(daemon);
            assertTrue(health.body().contains("a ZeroMQ I/O thread failed: java.lang.OutOfMemoryError"), health.body());

            long signalled = System.nanoTime();
            int status = daemon.terminate(Duration.ofSeconds(STOP_TIMEOUT_SECONDS + 10));
            long tookMillis = (System.nanoTime() - signalled) / 1_000_000;
            assertEquals(1, status, daemon.output());
            assertTrue(tookMillis < (STOP_TIMEOUT_SECONDS + 5) * 1000L, "SIGTERM took " + tookMillis + " ms");
            assertTrue(daemon.output().contains("the stop did not end within " + STOP_TIMEOUT_SECONDS + " s"), daemon.output());
        }
    }
}
