package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try")
class WrapTest {
    private final List<BsonDocument> events = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeEach
    void record() {
        Ziggy.configure(events::add);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        Ziggy.close();
    }

    @Test
    void aWrappedRunnableRunsInTheContextWhereItWasWrapped() throws Exception {
        String id;
        try (Context request = Ziggy.context("request")) {
            id = request.id();
            pool.submit(Ziggy.wrap(() -> {
                try (Context c = Ziggy.context(".async")) {
                    Ziggy.set("thread", Thread.currentThread().getName());
                }
            })).get(5, TimeUnit.SECONDS);
        }
        BsonDocument async = events.get(0);
        assertEquals("request.async", async.getString("type").getValue());
        assertEquals(id, async.getString("id").getValue());
    }

    @Test
    void aPoolThreadGoesBackToNoContextAfterTheTask() throws Exception {
        try (Context request = Ziggy.context("request")) {
            pool.submit(Ziggy.wrap(() -> Ziggy.set("from_pool", true))).get(5, TimeUnit.SECONDS);
        }
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            try (Context request = Ziggy.context("request")) {
                single.submit(Ziggy.wrap(() -> { })).get(5, TimeUnit.SECONDS);
            }
            Context after = single.submit(Ziggy::current).get(5, TimeUnit.SECONDS);
            assertSame(Context.INERT, after);
        } finally {
            single.shutdownNow();
        }
        assertEquals(true, events.get(0).getDocument("body").getBoolean("from_pool").getValue());
    }

    @Test
    void aWrappedCallableReturnsItsValueInTheContext() throws Exception {
        try (Context request = Ziggy.context("request")) {
            String type = pool.submit(Ziggy.wrap(() -> Ziggy.current().type())).get(5, TimeUnit.SECONDS);
            assertEquals("request", type);
        }
    }

    @Test
    void aWrappedExecutorServiceCarriesTheContextOfEachSubmitter() throws Exception {
        ExecutorService carrying = Ziggy.wrap(pool);
        try (Context a = Ziggy.context("a")) {
            assertEquals("a", carrying.submit(() -> Ziggy.current().type()).get(5, TimeUnit.SECONDS));
            assertEquals(List.of("a", "a"), carrying.invokeAll(List.of(
                    () -> Ziggy.current().type(), () -> Ziggy.current().type()))
                    .stream().map(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }).toList());
        }
        try (Context b = Ziggy.context("b")) {
            assertEquals("b", carrying.submit(() -> Ziggy.current().type()).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void completableFutureChainsOnAWrappedExecutorKeepTheContext() throws Exception {
        var carrying = Ziggy.wrap((java.util.concurrent.Executor) pool);
        String id;
        try (Context request = Ziggy.context("request")) {
            id = request.id();
            CompletableFuture<String> chain = CompletableFuture
                    .supplyAsync(() -> Ziggy.current().type(), carrying)
                    .thenApplyAsync(type -> type + "|" + Ziggy.current().type(), carrying)
                    .thenComposeAsync(types -> CompletableFuture.supplyAsync(
                            () -> types + "|" + Ziggy.current().type(), carrying), carrying)
                    .thenApplyAsync(types -> {
                        try (Context step = Ziggy.context(".step")) {
                            return types + "|" + step.type();
                        }
                    }, carrying);
            assertEquals("request|request|request|request.step", chain.get(5, TimeUnit.SECONDS));
        }
        assertEquals(id, events.get(0).getString("id").getValue());
    }

    @Test
    void aContextCanBeDetachedHereAndContinuedOnAnotherThread() throws Exception {
        Context request = Ziggy.context("request");
        request.detach();
        assertSame(Context.INERT, Ziggy.current());
        pool.submit(() -> {
            try (Scope s = request.attach(); Context sql = Ziggy.context(".sql")) {
                Ziggy.set("on", "pool");
            }
            request.set("finished_on", "pool");
            request.close();
        }).get(5, TimeUnit.SECONDS);
        assertEquals(List.of("request.sql", "request"),
                events.stream().map(e -> e.getString("type").getValue()).toList());
        assertEquals("pool", events.get(1).getDocument("body").getString("finished_on").getValue());
    }
}
