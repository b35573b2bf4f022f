package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class InOrderAcksTest {
    @Test
    void acknowledgementsOutOfOrderReleaseOnlyUpToTheFirstRecordStillInFlight() {
        InOrderAcks acks = new InOrderAcks(8, 10);
        long a = acks.sent(11);
        long b = acks.sent(12);
        long c = acks.sent(15); // 13 and 14 are not in the queue (dropped): a gap in seqs, not a hole
        acks.acknowledged(b);
        acks.acknowledged(c);
        assertEquals(10, acks.released(), "11 is still in flight");
        acks.acknowledged(a);
        assertEquals(15, acks.released());
        assertEquals(0, acks.inFlight());
    }

    @Test
    void aFailureIsKeptUntilTheResetWhichForgetsWhatWasInFlightAndIgnoresItsLateAnswers() {
        InOrderAcks acks = new InOrderAcks(2, 0);
        long one = acks.sent(1);
        long two = acks.sent(2);
        assertFalse(acks.hasRoom());
        acks.acknowledged(one);
        acks.failed(two, new IOException("gone"));
        assertEquals("gone", acks.failure().getMessage());
        acks.reset();
        assertEquals(1, acks.released());
        assertNull(acks.failure());
        assertTrue(acks.hasRoom());
        long again = acks.sent(2);
        acks.acknowledged(two); // the late answer of the forgotten ticket moves nothing
        assertEquals(1, acks.released());
        acks.acknowledged(again);
        assertEquals(2, acks.released());
    }
}
