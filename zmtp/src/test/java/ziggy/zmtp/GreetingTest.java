package ziggy.zmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.testing.RawZmtpPeer;

/** The refusal of a greeting says what was actually wrong with it. */
class GreetingTest {
    private static final RateLimitedLog LOG = new RateLimitedLog(System.getLogger(GreetingTest.class.getName()));

    @Test
    void aNullMechanismWithJunkInItsPaddingIsRefusedForThePaddingNotAsAnotherMechanism() throws IOException {
        byte[] greeting = RawZmtpPeer.greeting();
        greeting[12 + 6] = 0x41;

        PeerRefusal refusal = assertThrows(PeerRefusal.class, () -> check(greeting));
        assertEquals(RefusalReason.MECHANISM, refusal.reason());
        assertTrue(refusal.getMessage().startsWith("the mechanism field is NULL followed by padding that is not all zero"),
                refusal.getMessage());
        assertTrue(refusal.getMessage().contains(" 00 00 41 00"), refusal.getMessage());
    }

    @Test
    void anotherMechanismIsNamed() {
        byte[] greeting = RawZmtpPeer.greeting();
        System.arraycopy("CURVE".getBytes(StandardCharsets.US_ASCII), 0, greeting, 12, 5);

        PeerRefusal refusal = assertThrows(PeerRefusal.class, () -> check(greeting));
        assertEquals("security mechanism CURVE offered; only NULL is served", refusal.getMessage());
    }

    @Test
    void aWellFormedNullGreetingPasses() throws Exception {
        assertTrue(check(RawZmtpPeer.greeting()));
    }

    private static boolean check(byte[] greeting) throws IOException, PeerRefusal {
        ReceiveBudget budget = new ReceiveBudget(1 << 20);
        ZmtpCounters counters = new ZmtpCounters(budget);
        FrameDecoder decoder = new FrameDecoder(new ReceiveBufferPool(4096, budget, counters, LOG),
                ZmtpOptions.defaults().withReceiveBufferBytes(4096), counters, LOG, "test", e -> {
                    throw e;
                });
        decoder.readFrom(new PieceChannel(greeting, greeting.length));
        return Greeting.check(decoder, false);
    }
}
