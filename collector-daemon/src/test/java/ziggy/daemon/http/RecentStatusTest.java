package ziggy.daemon.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Test;

class RecentStatusTest {
    @Test
    void aClientAskingInATightLoopBuildsStatusOncePerMaxAge() {
        AtomicInteger builds = new AtomicInteger();
        RecentStatus status = new RecentStatus(() -> new BsonDocument("n", new BsonInt32(builds.incrementAndGet())));

        BsonDocument first = status.get();
        for (int i = 0; i < 1000; i++) {
            assertSame(first, status.get());
        }
        assertEquals(1, builds.get());

        await().atMost(Duration.ofSeconds(5)).until(() -> status.get().getInt32("n").getValue() == 2);
        assertSame(status, RecentStatus.of(status), "not wrapped twice");
    }
}
