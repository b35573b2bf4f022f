package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One context written from several threads at once, as an async request's handlers may. */
class ContextConcurrencyTest {
    private static final int THREADS = 4;
    @RegisterExtension
    final RecordedEvents recorded = new RecordedEvents();
    private final List<BsonDocument> events = recorded.events;

    @Test
    void addsFromSeveralThreadsAtOnceAreAllCounted() throws InterruptedException {
        int perThread = 50_000;
        Context request = Ziggy.context("request");
        runTogether(() -> {
            for (int i = 0; i < perThread; i++) {
                request.add("hits", 1);
                request.add("db.calls", 1);
            }
        });
        request.close();
        BsonDocument body = events.get(0).getDocument("body");
        assertEquals(THREADS * perThread, body.getInt32("hits").getValue());
        assertEquals(THREADS * perThread, body.getDocument("db").getInt32("calls").getValue());
    }

    @Test
    void writesRacingACloseSendOneWholeEventAndTheRestAreIgnored() throws InterruptedException {
        Context request = Ziggy.context("request");
        AtomicLong attempts = new AtomicLong();
        CountDownLatch writing = new CountDownLatch(THREADS);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            writers.add(new Thread(() -> {
                writing.countDown();
                for (int i = 0; i < 20_000 && !request.isClosed(); i++) {
                    request.add("hits", 1);
                    request.append("seen", "x");
                    attempts.incrementAndGet();
                }
            }));
        }
        writers.forEach(Thread::start);
        writing.await();
        request.close();
        for (Thread writer : writers) {
            writer.join();
        }
        assertEquals(1, events.size());
        BsonDocument body = events.get(0).getDocument("body");
        long hits = body.containsKey("hits") ? body.getNumber("hits").longValue() : 0;
        long seen = body.containsKey("seen") ? body.getArray("seen").size() : 0;
        // Each write is whole or absent: an add and its append land together unless the close fell between.
        assertTrue(Math.abs(hits - seen) <= THREADS, hits + " hits, " + seen + " seen");
        assertTrue(hits <= attempts.get() + THREADS, hits + " hits of " + attempts.get() + " attempts");
    }

    @Test
    void applicationCodeThatWritesBackDuringAWriteIsIgnoredNotAHang() {
        Context request = Ziggy.context("request");
        // A map whose iteration (run while a dotted key copies it into the body) writes to the same
        // context and tries to close it, on the same thread.
        Map<String, Object> meddling = new AbstractMap<>() {
            @Override
            public Set<Map.Entry<String, Object>> entrySet() {
                request.set("inner", "written during a write");
                request.close();
                return Map.<String, Object>of("kept", 1).entrySet();
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            request.set("response", meddling);
            request.set("response.status", 200);
            request.close();
        });
        BsonDocument body = events.get(0).getDocument("body");
        assertEquals(200, body.getDocument("response").getInt32("status").getValue());
        assertEquals(1, body.getDocument("response").getInt32("kept").getValue());
        assertFalse(body.containsKey("inner"));
    }

    private static void runTogether(Runnable work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                work.run();
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
