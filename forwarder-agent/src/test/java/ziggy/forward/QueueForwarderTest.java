package ziggy.forward;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;

class QueueForwarderTest {
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final ForwarderOptions FAST = ForwarderOptions.defaults()
            .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(500))
            .withResendAfter(Duration.ofSeconds(1))
            .withPrimaryRetry(Duration.ofMillis(500));

    @TempDir
    Path dir;

    private DiskQueue openQueue() throws IOException {
        return DiskQueue.open(dir.resolve("queue"),
                QueueOptions.of(256L << 20, FullPolicy.BLOCK, FsyncPolicy.parse("interval:20")));
    }

    private static void assertEachIdOnce(Map<Long, Integer> counts, long ids) {
        assertEquals(LongStream.range(0, ids).boxed().toList(), List.copyOf(counts.keySet()), "every id arrived");
        counts.forEach((id, count) -> assertEquals(1, count, "id " + id + " arrived " + count + " times"));
    }

    @Test
    void everyEventArrivesOnceInBatchesAndLeavesTheQueueOnceAcknowledged() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
            ForwardTestEvents.append(queue, 0, 20_000);
            forwarder.start();
            await().atMost(AWAIT).until(() -> queue.stats().events() == 0);
            assertEachIdOnce(upstream.batchedIdCounts(), 20_000);
            ForwarderStatus status = forwarder.status();
            assertEquals(ForwardMode.BATCHES, status.mode());
            assertTrue(status.connected());
            assertEquals(20_000, status.acknowledgedSeq());
            assertEquals(20_000, queue.stats().acknowledgedSeq());
        }
    }

    @Test
    void eventsAfterAnIdleSpellLongerThanTheResendWaitAreNotSentTwice() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).answeringOneQuestionLate().start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
            forwarder.start();
            ForwardTestEvents.append(queue, 0, 1_000);
            await().atMost(AWAIT).until(() -> forwarder.status().acknowledgedSeq() == 1_000);
            long resendsBefore = forwarder.status().resends();
            // Idle for longer than FAST's resend wait (1 s), everything acknowledged.
            await().during(Duration.ofMillis(1_500)).atMost(AWAIT).until(() -> forwarder.status().acknowledgedSeq() == 1_000);

            ForwardTestEvents.append(queue, 1_000, 2_000);
            await().atMost(AWAIT).until(() -> forwarder.status().acknowledgedSeq() == 2_000);

            assertEquals(resendsBefore, forwarder.status().resends(), "the first answer after the idle spell was not taken for a stall");
            assertEachIdOnce(upstream.batchedIdCounts(), 2_000);
        }
    }

    @Test
    void theAgentBuffersWhileTheUpstreamIsDownAndSendsEverythingOnceItIsUp() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED);
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
            forwarder.start();
            ForwardTestEvents.append(queue, 0, 5_000);
            await().during(Duration.ofSeconds(1)).atMost(AWAIT).until(() -> queue.stats().events() == 5_000);
            assertEquals(ForwardMode.CONNECTING, forwarder.status().mode());
            upstream.start();
            ForwardTestEvents.append(queue, 5_000, 6_000);
            await().atMost(AWAIT).until(() -> queue.stats().events() == 0);
            assertEachIdOnce(upstream.batchedIdCounts(), 6_000);
        }
    }

    @Test
    void anUpstreamThatCrashesLosingWhatItHadNotAcknowledgedGetsItAgainAndNothingTwice() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
            forwarder.start();
            for (long id = 0; id < 30_000; id += 1_000) {
                ForwardTestEvents.append(queue, id, id + 1_000);
                if (id == 10_000) {
                    await().atMost(AWAIT).until(() -> upstream.batched() > 5_000);
                    upstream.crashLosingUnacknowledged();
                }
                if (id == 12_000) {
                    upstream.start();
                }
            }
            await().atMost(AWAIT).until(() -> queue.stats().events() == 0);
            assertEachIdOnce(upstream.batchedIdCounts(), 30_000);
        }
    }

    @Test
    void connectingAndReconnectingWithNothingInFlightCountsNoResend() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
            forwarder.start();
            ForwardTestEvents.append(queue, 0, 1_000);
            await().atMost(AWAIT).until(() -> forwarder.status().acknowledgedSeq() == 1_000);
            assertEquals(0, forwarder.status().resends(), "the first connection sent everything once");

            upstream.stop();
            await().atMost(AWAIT).until(() -> !forwarder.status().connected());
            upstream.start();
            ForwardTestEvents.append(queue, 1_000, 2_000);
            await().atMost(AWAIT).until(() -> forwarder.status().acknowledgedSeq() == 2_000);

            assertEquals(0, forwarder.status().resends(), "a reconnect with everything acknowledged sends nothing again");
            assertEachIdOnce(upstream.batchedIdCounts(), 2_000);
        }
    }

    @Test
    void eventsLeftUnacknowledgedForTheResendWaitAreSentAgainAndCountedOnce() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).withholdingAcknowledgements().start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
            ForwardTestEvents.append(queue, 0, 1_000);
            forwarder.start();
            await().atMost(AWAIT).until(() -> upstream.batched() == 1_000);
            await().atMost(AWAIT).until(() -> forwarder.status().resends() >= 1);
            long resent = forwarder.status().resends();
            upstream.acknowledgeAgain();
            await().atMost(AWAIT).until(() -> forwarder.status().acknowledgedSeq() == 1_000);

            // The resend goes through a dropped connection and a new one's handshake: one resend, not two;
            // at most one more may have begun before the upstream acknowledged again.
            assertTrue(forwarder.status().resends() - resent <= 1, "resends " + forwarder.status().resends());
            assertEachIdOnce(upstream.batchedIdCounts(), 1_000);
        }
    }

    /**
     * An upstream that takes the batches and never acknowledges them (a master whose table of sources is full
     * refuses them so) is sent everything in flight again after 0.2, 0.4, 0.8 and 1.6 s, not every 0.2 s: four
     * resends take at least 3 s, where a fixed wait made them in about 1.5 s. Once it acknowledges, all arrive once.
     */
    @Test
    void resendsThatBringNoAcknowledgementComeLessAndLessOften() throws Exception {
        ForwarderOptions options = FAST.withResendAfter(Duration.ofMillis(200));
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).withholdingAcknowledgements().start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), options)) {
            ForwardTestEvents.append(queue, 0, 1_000);
            forwarder.start();
            await().atMost(AWAIT).until(() -> upstream.batched() >= 1_000);
            long sent = System.nanoTime();
            await().atMost(AWAIT).until(() -> forwarder.status().resends() >= 4);
            long millis = (System.nanoTime() - sent) / 1_000_000L;
            assertTrue(millis >= 2_500, "four fruitless resends in " + millis + " ms");

            upstream.acknowledgeAgain();
            await().atMost(AWAIT).until(() -> forwarder.status().acknowledgedSeq() == 1_000);
            assertEachIdOnce(upstream.batchedIdCounts(), 1_000);
        }
    }

    @Test
    void anAgentRestartResendsOnlyWhatWasNotAcknowledgedAndTheUpstreamWritesNothingTwice() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).start()) {
            try (DiskQueue queue = openQueue();
                 QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
                ForwardTestEvents.append(queue, 0, 3_000);
                forwarder.start();
                await().atMost(AWAIT).until(() -> upstream.batched() == 3_000);
            }
            try (DiskQueue queue = openQueue();
                 QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
                ForwardTestEvents.append(queue, 3_000, 4_000);
                forwarder.start();
                await().atMost(AWAIT).until(() -> queue.stats().events() == 0);
            }
            assertEachIdOnce(upstream.batchedIdCounts(), 4_000);
        }
    }

    @Test
    void itFailsOverToTheNextUpstreamAndMovesBackWhenTheFirstAnswersAgain() throws Exception {
        try (FakeUpstream first = new FakeUpstream(FakeUpstream.Control.COMMITTED);
             FakeUpstream second = new FakeUpstream(FakeUpstream.Control.COMMITTED).start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(first.upstream(), second.upstream()), FAST)) {
            forwarder.start();
            ForwardTestEvents.append(queue, 0, 2_000);
            await().atMost(AWAIT).until(() -> queue.stats().events() == 0);
            assertEquals(2_000, second.batched());
            assertEquals(second.upstream().toString(), forwarder.status().upstream());
            assertTrue(forwarder.status().failovers() >= 1);

            first.start();
            await().atMost(AWAIT).until(() -> forwarder.status().upstream().equals(first.upstream().toString())
                    && forwarder.status().mode() == ForwardMode.BATCHES);
            ForwardTestEvents.append(queue, 2_000, 3_000);
            await().atMost(AWAIT).until(() -> queue.stats().events() == 0);
            assertEquals(1_000, first.batched(), "after moving back, new events go to the first upstream");
        }
    }

    @Test
    void anOriginalZiggyUpstreamGetsSingleFrameEvents() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.UNKNOWN_COMMAND).start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), FAST)) {
            ForwardTestEvents.append(queue, 0, 1_000);
            forwarder.start();
            await().atMost(AWAIT).until(() -> upstream.singleFrameIds().size() == 1_000);
            assertEquals(LongStream.range(0, 1_000).boxed().toList(), upstream.singleFrameIds());
            assertEquals(ForwardMode.SINGLE_FRAMES, forwarder.status().mode());
            await().atMost(AWAIT).until(() -> queue.stats().events() == 0);
            assertEquals(0, upstream.batched());
        }
    }

    @Test
    void anErrorThatEndsTheForwardersThreadReachesTheHandlerItWasStartedWith() throws Exception {
        // Buffers of 2 GiB each: the first connection cannot reserve their direct memory.
        ForwarderOptions hopeless = new ForwarderOptions(4096, Integer.MAX_VALUE - 16, 1_000_000, Duration.ofMillis(300),
                Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1), 3,
                Duration.ofMillis(500), Duration.ofSeconds(30));
        AtomicReference<String> died = new AtomicReference<>();
        try (FakeUpstream upstream = new FakeUpstream(FakeUpstream.Control.COMMITTED).start();
             DiskQueue queue = openQueue();
             QueueForwarder forwarder = new QueueForwarder(queue, List.of(upstream.upstream()), hopeless)) {
            forwarder.start((thread, escaped) -> died.set(thread.getName() + ": " + escaped));
            await().atMost(AWAIT).until(() -> died.get() != null);
        }
        assertTrue(died.get().startsWith("ziggy-forwarder: java.lang.OutOfMemoryError"), died.get());
    }
}
