package ziggy.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import ziggy.protocol.security.AuthorizedKeys;

/**
 * The authenticator's answer to whatever a ZAP request may hold (JeroMQ's own sockets ask, so this is
 * a bug's or a future JeroMQ's input, not a peer's): any number of frames of any bytes, mutations of a
 * good request. Every request gets a well-formed reply, the trusted key alone gets 200, and each
 * refusal is counted under its port and reason.
 */
class ZapRequestFuzzTest {
    private static final int RUNS = 20_000;

    private final ZMQ.Curve.KeyPair trusted = ZMQ.Curve.generateKeyPair();
    private final SecurityCounters counters = new SecurityCounters();

    @Test
    void everyRequestGetsAWellFormedReplyAndOnlyTheTrustedKeyIsAccepted() {
        Random random = new Random(20261206);
        try (ZContext context = new ZContext(1)) {
            ZapAuthenticator authenticator = new ZapAuthenticator(context, AuthorizedKeys.of(Set.of(trusted.publicKey)), counters,
                    Thread::new);
            long refusals = 0;
            for (int run = 0; run < RUNS; run++) {
                List<ZFrame> request = run % 2 == 0 ? randomFrames(random) : mutated(goodRequest(), random);
                ZMsg reply = authenticator.reply(request);
                List<ZFrame> frames = List.copyOf(reply);
                assertEquals(6, frames.size(), "a reply is six frames");
                assertEquals("1.0", frames.get(0).getString(StandardCharsets.UTF_8));
                String status = frames.get(2).getString(StandardCharsets.UTF_8);
                boolean accepted = status.equals("200");
                assertTrue(accepted || status.equals("400"), status);
                if (accepted) {
                    assertEquals(trusted.publicKey, frames.get(4).getString(StandardCharsets.UTF_8),
                            "only the trusted key is accepted, and it is the User-Id");
                } else {
                    refusals++;
                }
            }
            assertEquals(refusals, totalRefusals(), "every refusal is counted once");
            assertTrue(refusals > RUNS / 2, "most fuzzed requests are refused: " + refusals);
            authenticator.close();
        }
    }

    private long totalRefusals() {
        long total = 0;
        for (String port : SecurityCounters.PORTS) {
            for (SecurityCounters.Refusal reason : SecurityCounters.Refusal.values()) {
                total += counters.refused(port, reason);
            }
        }
        return total;
    }

    private List<ZFrame> goodRequest() {
        List<ZFrame> request = new ArrayList<>();
        for (String text : new String[] {"1.0", "7", "control", "127.0.0.1", "", "CURVE"}) {
            request.add(new ZFrame(text));
        }
        request.add(new ZFrame(ZMQ.Curve.z85Decode(trusted.publicKey)));
        return request;
    }

    private static List<ZFrame> randomFrames(Random random) {
        List<ZFrame> frames = new ArrayList<>();
        int count = random.nextInt(20);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            frames.add(new ZFrame(bytes));
        }
        return frames;
    }

    /** A good request with one frame dropped, added, or changed in one byte. */
    private static List<ZFrame> mutated(List<ZFrame> request, Random random) {
        List<ZFrame> frames = new ArrayList<>(request);
        int at = random.nextInt(frames.size());
        switch (random.nextInt(3)) {
            case 0 -> frames.remove(at);
            case 1 -> frames.add(at, new ZFrame(new byte[random.nextInt(33)]));
            default -> {
                byte[] bytes = frames.get(at).getData().clone();
                if (bytes.length > 0) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
                frames.set(at, new ZFrame(bytes));
            }
        }
        return frames;
    }
}
