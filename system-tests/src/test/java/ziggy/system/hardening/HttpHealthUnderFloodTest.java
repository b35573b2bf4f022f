package ziggy.system.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.system.tools.Launchers;
import ziggy.testing.ConnectionFlood;
import ziggy.testing.FreePort;
import ziggy.testing.HttpProbe;
import ziggy.testing.RealDaemon;

/**
 * Issue 16's HTTP attack on the packaged daemon under {@code ulimit -n 1024}: a local peer holds 200 idle
 * and 100 slowloris connections to the HTTP port (reopening each one the daemon closes), which used to
 * deny {@code /healthcheck} to the monitor. Now every probe on a fresh connection is answered 200 within a
 * second (a load balancer's {@code HEAD} too, without a body), and the rest of the daemon does not notice.
 */
class HttpHealthUnderFloodTest {
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(1);
    private static final int EVENTS = 1000;

    @TempDir
    Path logPath;

    @Test
    void healthIsAnsweredWithinASecondUnderAnIdleAndSlowlorisFloodAndCollectionGoesOn() throws Exception {
        int httpPort = FreePort.pick();
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 1024)) {
            try (ConnectionFlood idle = ConnectionFlood.idle(httpPort, 200);
                    ConnectionFlood slowloris = ConnectionFlood.slowloris(httpPort, 100, Duration.ofMillis(500))) {
                for (int probe = 1; probe <= 5; probe++) {
                    HttpProbe.Answer answer = HttpProbe.ask(httpPort, "GET", "/healthcheck", PROBE_LIMIT);
                    assertEquals(200, answer.status(), "probe " + probe);
                    assertTrue(answer.took().compareTo(PROBE_LIMIT) < 0, "probe " + probe + " took " + answer.took());
                }
                HttpProbe.Answer head = HttpProbe.ask(httpPort, "HEAD", "/healthcheck", PROBE_LIMIT); // as load balancers probe
                assertEquals(200, head.status(), "HEAD /healthcheck");
                assertEquals("", head.body(), "HEAD /healthcheck has no body");
                assertTrue(Integer.parseInt(head.headers().get("content-length")) > 0, "the length GET's body would have: " + head.headers());
                AfterTheAttack.assertStillCollecting(daemon, httpPort, "flood", EVENTS);
                assertTrue(idle.reopened() + slowloris.reopened() > 0, "the daemon closed flood connections");
                AfterTheAttack.assertStopsCleanly(daemon); // during the flood
            }
        }
    }
}
