package ziggy.system.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.system.tools.Launchers;
import ziggy.testing.FreePort;
import ziggy.testing.RawZmtpPeer;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * Mutated frames ({@link MutatedFrames}) from many connections at once into a packaged master, with a
 * real client's good events interleaved: every good event lands exactly once, the day files decode, the
 * resident memory stays within bounds, and the daemon still answers and stops cleanly.
 *
 * <p>CI runs a short budget. The long run, whose figures are in docs/reliability.md:
 * {@code mvn -o -B -pl system-tests verify -Dtest=CollectFuzzTest -Dziggy.fuzz.frames=1000000 -Dziggy.fuzz.connections=32}.
 */
class CollectFuzzTest {
    private static final long FRAMES = Long.getLong("ziggy.fuzz.frames", 40_000);
    private static final int CONNECTIONS = Integer.getInteger("ziggy.fuzz.connections", 8);
    private static final long SEED = Long.getLong("ziggy.fuzz.seed", 16);
    /** One good event for every this many mutated frames. */
    private static final int GOOD_EVERY = 20;
    private static final String GOOD_TYPE = "good.fuzzcheck";
    /**
     * A connection greets again after this many frames: a lying header desynchronizes the rest of its
     * stream (a claimed 17 MiB swallows what follows), and fresh connections keep the frames parsed as frames.
     */
    private static final int FRAMES_PER_CONNECTION = 64;

    @TempDir
    Path logPath;

    @Test
    void mutatedFramesFromManyConnectionsCostOnlyThemselves() throws Exception {
        int httpPort = FreePort.pick();
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 0);
                ZContext zmq = new ZContext(1)) {
            ZMQ.Socket good = goodClient(zmq, daemon.collectPort());
            AtomicLong sentFrames = new AtomicLong();
            AtomicLong reconnects = new AtomicLong();
            AtomicLong peakResident = new AtomicLong();
            List<Thread> attackers = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < CONNECTIONS; c++) {
                long seed = SEED * 1000 + c;
                Thread attacker = new Thread(() -> attack(daemon.collectPort(), seed, FRAMES / CONNECTIONS, sentFrames, reconnects),
                        "fuzz-" + c);
                attacker.start();
                attackers.add(attacker);
            }
            int goodSent = 0;
            while (attackers.stream().anyMatch(Thread::isAlive)) {
                if (sentFrames.get() / GOOD_EVERY > goodSent) {
                    assertTrue(good.send(TestEvents.bson("{\"type\": \"" + GOOD_TYPE + "\", \"id\": \"good-" + goodSent
                            + "\", \"start\": " + System.currentTimeMillis() / 1000.0 + "}")), "the good client sends");
                    goodSent++;
                } else {
                    Thread.onSpinWait();
                }
                if (goodSent % 500 == 0) {
                    peakResident.accumulateAndGet(daemon.residentBytes(), Math::max);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int expected = goodSent;
            Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertEquals(expected, AfterTheAttack.idCounts(logPath, GOOD_TYPE).size(), "good events in the day files"));
            Map<String, Integer> counts = AfterTheAttack.idCounts(logPath, GOOD_TYPE);
            counts.forEach((id, times) -> assertEquals(1, times, id + " is written once"));
            peakResident.accumulateAndGet(daemon.residentBytes(), Math::max);
            assertTrue(peakResident.get() < AfterTheAttack.RESIDENT_LIMIT, "peak resident memory " + (peakResident.get() >> 20) + " MiB");
            assertEquals(200, AfterTheAttack.healthcheck(httpPort));
            BsonDocument status = AfterTheAttack.answeredStatus(daemon);
            System.out.printf("fuzz: %d mutated frames over %d connections (%d of them closed by the daemon) in %.1f s, %d good events all"
                            + " landed once, peak RSS %d MiB; rejected %s; collect %s%n", sentFrames.get(), CONNECTIONS,
                    reconnects.get(), seconds, goodSent, peakResident.get() >> 20, status.getDocument("rejected").toJson(),
                    status.getDocument("collect").toJson());
            AfterTheAttack.assertStopsCleanly(daemon);
        }
    }

    /** A client as Ziggy's are, but waiting rather than dropping when its pipe is full: every good event must go. */
    private static ZMQ.Socket goodClient(ZContext zmq, int port) {
        ZMQ.Socket push = zmq.createSocket(SocketType.PUSH);
        push.setHandshakeIvl(1000);
        push.setImmediate(true);
        push.setSendTimeOut(10_000);
        push.setLinger(10_000);
        push.connect("tcp://127.0.0.1:" + port);
        return push;
    }

    /** Sends {@code frames} mutated frames, greeting again every so often and whenever the daemon closes the connection on them. */
    private static void attack(int port, long seed, long frames, AtomicLong sent, AtomicLong reconnects) {
        MutatedFrames mutated = new MutatedFrames(seed);
        RawZmtpPeer peer = null;
        try {
            for (long i = 0; i < frames; i++) {
                byte[] bytes = mutated.next();
                try {
                    if (peer != null && i % FRAMES_PER_CONNECTION == 0) {
                        peer.close();
                        peer = null;
                    }
                    if (peer == null) {
                        peer = RawZmtpPeer.handshaken(port, "PUSH");
                    }
                    peer.send(bytes);
                } catch (IOException refused) {
                    if (peer != null) {
                        peer.close();
                        reconnects.incrementAndGet();
                    }
                    peer = null;
                }
                sent.incrementAndGet();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            if (peer != null) {
                try {
                    peer.close();
                } catch (IOException ignored) {
                    // The run is over; a close that fails loses nothing.
                }
            }
        }
    }
}
