package ziggy.daemon.http;

import java.time.Duration;
import java.util.function.Supplier;

import org.bson.BsonDocument;

/**
 * The STATUS document built at most once per {@link #MAX_AGE} for HTTP, however often clients ask. Building
 * STATUS briefly takes locks the collect path also takes (an agent's queue), so a client asking in a
 * tight loop must not make it build more often than a person or a scraper ever needs.
 */
final class RecentStatus implements Supplier<BsonDocument> {
    static final Duration MAX_AGE = Duration.ofMillis(250);

    private final Supplier<BsonDocument> build;
    private BsonDocument latest;
    private long builtNanos;

    RecentStatus(Supplier<BsonDocument> build) {
        this.build = build;
    }

    /** {@code status} itself when it already is one. */
    static Supplier<BsonDocument> of(Supplier<BsonDocument> status) {
        return status instanceof RecentStatus ? status : new RecentStatus(status);
    }

    @Override
    public synchronized BsonDocument get() {
        long now = System.nanoTime();
        if (latest == null || now - builtNanos >= MAX_AGE.toNanos()) {
            latest = build.get();
            builtNanos = now;
        }
        return latest;
    }
}
