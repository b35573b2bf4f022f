package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of append, batch end, acknowledge, read, read limit and restart (sometimes with a
 * relay's discard of everything above a seq), checked after every step against a model that is only a
 * list: the seqs handed out, the acknowledged seq, the read limit, and what a reader from any seq must get. Fixed seeds run every time, plus one new seed; a failure names its seed,
 * and {@code -Dziggy.storage.queue.seed=N} replays just that one.
 */
class QueueModelPropertyTest {
    @TempDir
    Path dir;

    @Test
    void randomAppendAckReadRestartSequencesMatchTheModel() throws IOException {
        String replay = System.getProperty("ziggy.storage.queue.seed");
        List<Long> seeds = new ArrayList<>();
        if (replay != null) {
            seeds.add(Long.parseLong(replay));
        } else {
            for (long seed = 1; seed <= 8; seed++) {
                seeds.add(seed);
            }
            seeds.add(new Random().nextLong());
        }
        for (long seed : seeds) {
            try {
                run(seed, dir.resolve("seed-" + seed));
            } catch (AssertionError | IOException | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + " (replay with -Dziggy.storage.queue.seed=" + seed + "): " + e, e);
            }
        }
    }

    private static void run(long seed, Path folder) throws IOException {
        Random random = new Random(seed);
        String[] policies = {"batch", "interval:5", "never"};
        QueueOptions options = QueueOptions.of(64L << 20, FullPolicy.BLOCK, FsyncPolicy.parse(policies[random.nextInt(3)]))
                .withSegmentBytes(4096 + random.nextInt(16384));
        List<Long> ids = new ArrayList<>();
        ids.add(-1L);
        long acked = 0;
        long readLimit = Long.MAX_VALUE;
        long nextId = 0;
        DiskQueue queue = DiskQueue.open(folder, options);
        QueueCursor follower = queue.cursor(1);
        long followed = 0;
        try {
            for (int step = 0; step < 250; step++) {
                int op = random.nextInt(100);
                if (op < 41) {
                    int count = 1 + random.nextInt(40);
                    for (int i = 0; i < count; i++) {
                        long id = nextId++;
                        assertEquals(ids.size(), TestEvents.append(queue, TestEvents.of(id)), "seq of id " + id);
                        ids.add(id);
                    }
                    queue.endBatch();
                } else if (op < 45) {
                    // The first limit may fall anywhere above the acknowledged seq; later ones only grow.
                    readLimit = (readLimit == Long.MAX_VALUE ? acked : readLimit) + random.nextInt(60);
                    queue.limitReaders(readLimit);
                } else if (op < 60) {
                    long last = ids.size() - 1;
                    if (last > acked) {
                        acked += 1 + random.nextInt((int) (last - acked));
                        queue.ack(acked);
                    }
                } else if (op < 75) {
                    long from = acked + 1 + random.nextInt(ids.size() - (int) acked);
                    queue.sync();
                    List<TestEvents.Read> read = TestEvents.readAll(queue, from, 1 + random.nextInt(50));
                    long visibleLast = Math.min(ids.size() - 1, readLimit);
                    assertEquals(Math.max(0, visibleLast - from + 1), read.size(), "events from seq " + from);
                    for (TestEvents.Read event : read) {
                        assertEquals(ids.get((int) event.seq()), event.id(), "id at seq " + event.seq());
                        assertArrayEquals(TestEvents.of(event.id()), event.event());
                    }
                } else if (op < 88) {
                    queue.sync();
                    for (TestEvents.Read event : TestEvents.drain(follower, 1 + random.nextInt(30))) {
                        // It may only skip seqs that were acknowledged (their segments deleted under it).
                        assertTrue(event.seq() == followed + 1 || event.seq() - 1 <= acked,
                                "a cursor that only reads on sees every unacknowledged seq once: after " + followed
                                        + " came " + event.seq() + ", acknowledged " + acked);
                        assertTrue(event.seq() <= readLimit, "seq " + event.seq() + " is above the limit " + readLimit);
                        followed = event.seq();
                        assertEquals(ids.get((int) followed), event.id());
                    }
                } else {
                    follower.close();
                    queue.close();
                    queue = DiskQueue.open(folder, options);
                    follower = queue.cursor(acked + 1);
                    followed = acked;
                    readLimit = Long.MAX_VALUE;
                    if (random.nextBoolean()) {
                        // A relay's restart: keep what its journal covered, and read nothing above it until it grows.
                        long last = ids.size() - 1;
                        long kept = acked + random.nextInt((int) (last - acked) + 1);
                        assertEquals(last - kept, queue.discardAfter(kept), "events discarded above seq " + kept);
                        ids.subList((int) kept + 1, ids.size()).clear();
                        readLimit = kept;
                        queue.limitReaders(readLimit);
                    }
                }
                QueueStats stats = queue.stats();
                assertEquals(acked, stats.acknowledgedSeq());
                assertEquals(ids.size(), stats.nextSeq());
                assertEquals(ids.size() - 1 - acked, stats.events(), "unacknowledged events");
                assertEquals(0, stats.corrupt() + stats.dropped() + stats.rejected() + stats.truncatedBytes());
                assertTrue(stats.segments() >= 1);
            }
        } finally {
            follower.close();
            queue.close();
        }
    }
}
