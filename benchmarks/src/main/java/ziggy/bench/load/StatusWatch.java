package ziggy.bench.load;

import java.time.Duration;
import java.util.function.LongPredicate;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveClientKeys;

/**
 * Watches a daemon's own count of what it took in, through STATUS on its control port: the rate a
 * benchmark reports is the daemon's, never the sender's. Polls every 10 ms unless
 * told otherwise, so a time it reports is late by at most that much.
 */
public final class StatusWatch implements AutoCloseable {
    static final Duration POLL = Duration.ofMillis(10);

    private final ControlClient client;

    public StatusWatch(Endpoint control) {
        this(control, null);
    }

    /** {@code curve}: null for a plain control port, else the keys to ask it over CURVE with. */
    public StatusWatch(Endpoint control, CurveClientKeys curve) {
        // Asked every 10 ms: one kept connection, or the watching would be a load on the daemon watched.
        this.client = ControlClient.keptOpen(control, Duration.ofSeconds(10), curve);
    }

    DaemonTotals totals() {
        return DaemonTotals.of(client.status());
    }

    int streamPort() {
        return client.streamPort();
    }

    Endpoint endpoint() {
        return client.endpoint();
    }

    /**
     * Waits until {@code done} holds for the daemon's event count, or until the count has not moved
     * for {@code stall}. Returns the last totals seen and the nano time they were taken at.
     */
    Sample awaitEvents(LongPredicate done, Duration stall) throws InterruptedException {
        return awaitEvents(done, stall, POLL);
    }

    /** As {@link #awaitEvents(LongPredicate, Duration)}, asking every {@code poll}. */
    Sample awaitEvents(LongPredicate done, Duration stall, Duration poll) throws InterruptedException {
        DaemonTotals last = totals();
        long readAt = System.nanoTime();
        long lastChange = readAt;
        while (!done.test(last.events()) && readAt - lastChange <= stall.toNanos()) {
            Thread.sleep(poll.toMillis());
            DaemonTotals next = totals();
            readAt = System.nanoTime();
            if (next.events() != last.events()) {
                lastChange = readAt;
            }
            last = next;
        }
        return new Sample(last, readAt);
    }

    /** STATUS totals and when they were read. */
    record Sample(DaemonTotals totals, long nanoTime) {
    }

    @Override
    public void close() {
        client.close();
    }
}
