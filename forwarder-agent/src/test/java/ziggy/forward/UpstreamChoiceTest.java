package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UpstreamChoiceTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final List<Upstream> two = Upstream.parseAll("127.0.0.1:4001,127.0.0.1:4002", "127.0.0.1:5001,127.0.0.1:5002");

    @Test
    void failingOverMovesToTheNextUpstreamAtOnceAndWrapsAround() {
        UpstreamChoice choice = new UpstreamChoice(two, Duration.ofSeconds(30));
        assertEquals(two.get(0), choice.current());
        choice.leave(true, 0);
        assertEquals(two.get(1), choice.current());
        assertTrue(choice.mayConnect(0));
        choice.leave(true, 0);
        assertEquals(two.get(0), choice.current());
        assertEquals(2, choice.failovers());
    }

    @Test
    void retriesOfTheSameUpstreamBackOffByDoublingUpToTheMaximumAndAnAnswerResetsThem() {
        UpstreamChoice choice = new UpstreamChoice(two.subList(0, 1), Duration.ofSeconds(30));
        long now = 0;
        long expected = UpstreamChoice.MIN_BACKOFF_MILLIS;
        for (int attempt = 0; attempt < 10; attempt++) {
            choice.leave(true, now); // one upstream: a failover is a retry of the same one
            assertFalse(choice.mayConnect(now + expected * MS - 1));
            assertTrue(choice.mayConnect(now + expected * MS));
            now += expected * MS;
            expected = Math.min(UpstreamChoice.MAX_BACKOFF_MILLIS, expected * 2);
        }
        assertEquals(0, choice.failovers());
        choice.answered(now);
        choice.leave(false, now);
        assertTrue(choice.mayConnect(now + UpstreamChoice.MIN_BACKOFF_MILLIS * MS));
    }

    @Test
    void theFirstUpstreamIsProbedOnlyWhileALaterOneIsInUseAndOncePerRetryPeriod() {
        UpstreamChoice choice = new UpstreamChoice(two, Duration.ofMillis(500));
        assertFalse(choice.primaryProbeDue(Long.MAX_VALUE / 2), "never while on the first");
        choice.leave(true, 0);
        choice.answered(0);
        assertFalse(choice.primaryProbeDue(499 * MS));
        assertTrue(choice.primaryProbeDue(500 * MS));
        assertFalse(choice.primaryProbeDue(600 * MS), "the next probe is a period later");
        choice.backToFirst(700 * MS);
        assertEquals(two.get(0), choice.current());
        assertTrue(choice.mayConnect(700 * MS));
    }

    @Test
    void noUpstreamIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UpstreamChoice(List.of(), Duration.ofSeconds(1)));
    }
}
