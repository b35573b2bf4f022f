package ziggy.system.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.system.tools.Launchers;
import ziggy.testing.ConnectionFlood;
import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.RealDaemon;

/**
 * Issue 16's descriptor attack with the connection cap out of the way: under {@code ulimit -n 1024} and
 * {@code --max-connections=4096}, 1,200 silent TCP connections to the collect port (each one the daemon
 * closes opened again) use up the process's descriptors, so {@code accept} itself fails with EMFILE.
 * The endpoint counts each failure, pauses accepting until its next tick and closes its quietest
 * connection; its log says so once a second, not once a failure; STATUS answers during the flood; and
 * once the flood is gone, nothing of the daemon has stopped.
 *
 * <p>During the flood {@code /healthcheck} is asked too: the HTTP listener's accept fails the same way,
 * is counted ({@code ziggyd_http_accept_failures_total}) and tried again a moment later, so the probe
 * gets an answer, 503 as a rule (its log-folder probe cannot create a file either, and says so), and no
 * stack trace reaches the log. The default cap, the limit less 768, is what keeps the daemon out of
 * this state.
 */
class DescriptorExhaustionTest {
    private static final int DESCRIPTOR_LIMIT = 1024;
    private static final int FLOOD = 1200;
    /** What the endpoint logs on a failed accept ({@code ZmtpPullServer.acceptAll}). */
    private static final String ACCEPT_FAILED = "cannot accept on ";
    /** What {@code RateLimitedLog} adds to a line that stands for others left out. */
    private static final String LEFT_OUT = " more like it since the last such line)";

    @TempDir
    Path logPath;

    @Test
    void acceptFailingForWantOfDescriptorsIsCountedLoggedOnceASecondAndStopsNothing() throws IOException {
        int httpPort = FreePort.pick();
        List<String> arguments = List.of("--http=127.0.0.1:" + httpPort, "--max-connections=4096");
        try (RealDaemon daemon = Launchers.ziggyd(logPath, arguments, DESCRIPTOR_LIMIT)) {
            long floodStart = System.nanoTime();
            String output;
            Duration span;
            try (ConnectionFlood flood = ConnectionFlood.idle(daemon.collectPort(), FLOOD)) {
                // Three lines: accepts have been failing for two seconds at least, one a tick (100 ms).
                await("three accept-failure lines").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> acceptFailureLines(daemon.output()).size() >= 3);
                BsonDocument during = AfterTheAttack.answeredStatus(daemon).getDocument("collect");
                assertTrue(during.getInt64("accept_failures").getValue() > 0, "STATUS during the flood: " + during.toJson());
                assertTrue(during.getDocument("refusals").getInt64("evicted").getValue() > 0, during.toJson());
                HttpProbe.Answer health = await("an answer to /healthcheck during the flood").atMost(Duration.ofSeconds(20))
                        .ignoreExceptions().until(() -> HttpProbe.ask(httpPort, "GET", "/healthcheck", Duration.ofSeconds(2)),
                                answer -> answer.status() == 200 || answer.status() == 503);
                assertTrue(health.took().toMillis() < 2_000, "answered in " + health.took());
                output = daemon.output();
                span = Duration.ofNanos(System.nanoTime() - floodStart);
                assertTrue(flood.reopened() > 0, "the daemon closed flood connections to free descriptors");
            }

            // The first line came after the flood began and each next one a second at least after the last.
            List<String> lines = acceptFailureLines(output);
            assertTrue(lines.size() <= span.toSeconds() + 1,
                    lines.size() + " accept-failure lines in " + span + ": more than one a second\n" + String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(line -> line.contains(LEFT_OUT)),
                    "a line stands for the failures left out:\n" + String.join("\n", lines));
            long failures = AfterTheAttack.answeredStatus(daemon).getDocument("collect").getInt64("accept_failures").getValue();
            assertTrue(failures > 2L * lines.size(), failures + " accept failures, " + lines.size() + " lines");

            // The log-folder probe runs at most once a second: a 503 from the flood may stand that long.
            await("/healthcheck healthy again").atMost(Duration.ofSeconds(5)).until(() -> AfterTheAttack.healthcheck(httpPort) == 200);
            AfterTheAttack.assertStillCollecting(daemon, httpPort, "after.emfile", 1000);
            assertTrue(AfterTheAttack.metrics(httpPort).contains("ziggyd_http_accept_failures_total"),
                    "/metrics counts the HTTP port's failed accepts");
            AfterTheAttack.assertStopsCleanly(daemon);
            assertFalse(daemon.output().contains("\tat "), "no stack trace in the daemon's log:\n" + daemon.output());
        }
    }

    private static List<String> acceptFailureLines(String output) {
        return output.lines().filter(line -> line.contains(ACCEPT_FAILED)).toList();
    }
}
