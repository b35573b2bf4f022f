package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResendRuleTest {
    private static final long RESEND_AFTER = 1_000;

    @Test
    void eventsInFlightWaitForTheirAcknowledgementUntilTheResendWaitIsOver() {
        assertEquals(ResendRule.WAIT, ResendRule.after(100, 50, RESEND_AFTER, RESEND_AFTER));
        assertEquals(ResendRule.RESEND, ResendRule.after(100, 50, RESEND_AFTER + 1, RESEND_AFTER));
    }

    @Test
    void nothingInFlightIsNeverResentHoweverLongTheQuiet() {
        assertEquals(ResendRule.WAIT, ResendRule.after(100, 100, 1_000 * RESEND_AFTER, RESEND_AFTER));
    }

    @Test
    void anUpstreamHoldingMoreThanThisConnectionSentIsSkippedTo() {
        assertEquals(ResendRule.SKIP_AHEAD, ResendRule.after(100, 150, 0, RESEND_AFTER));
        assertEquals(ResendRule.SKIP_AHEAD, ResendRule.after(100, 150, 10 * RESEND_AFTER, RESEND_AFTER));
    }
}
