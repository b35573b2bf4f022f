package ziggy.daemon.http;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * An agent's or relay's health, read from STATUS's {@code queue} and {@code forward} sections (absent on
 * a master, where this check always holds):
 * <ul>
 *   <li>the upstream acknowledges: the oldest unacknowledged event ({@code queue.oldest_age}) has waited
 *       no longer than the threshold;</li>
 *   <li>the queue takes events: {@code queue.rejected} (events refused because the disk is full or failing)
 *       has not grown within the last {@link #REJECTION_MEMORY}.</li>
 * </ul>
 */
public final class ForwardingHealth implements HealthCheck {
    /** How long a rise in the queue's rejections keeps the check failing, so a scraper every 15 s sees it. */
    static final Duration REJECTION_MEMORY = Duration.ofSeconds(60);
    public static final Duration DEFAULT_ACK_THRESHOLD = Duration.ofMinutes(5);

    private final Supplier<BsonDocument> status;
    private final double ackThresholdSeconds;
    private long seenRejected = -1;
    private long lastRejectionNanos;
    private boolean rejectedRecently;

    public ForwardingHealth(Supplier<BsonDocument> status, Duration ackThreshold) {
        this.status = status;
        this.ackThresholdSeconds = ackThreshold.toMillis() / 1000.0;
    }

    @Override
    public synchronized Optional<String> problem() {
        BsonDocument now = status.get();
        BsonValue queue = now.get("queue");
        if (queue == null || !queue.isDocument()) {
            return Optional.empty();
        }
        Optional<String> rejecting = rejecting(queue.asDocument());
        if (rejecting.isPresent()) {
            return rejecting;
        }
        double oldestAge = StatusMetrics.number(queue.asDocument().get("oldest_age"));
        if (oldestAge > ackThresholdSeconds) {
            BsonValue forwardValue = now.get("forward");
            BsonDocument forward = forwardValue != null && forwardValue.isDocument() ? forwardValue.asDocument() : new BsonDocument();
            String upstream = text(forward, "upstream");
            String refused = text(forward, "refused");
            return Optional.of("the upstream " + (upstream.isEmpty() ? "" : upstream + " ")
                    + "has not acknowledged the oldest queued event for " + Math.round(oldestAge) + " s (threshold "
                    + Math.round(ackThresholdSeconds) + " s; " + (long) StatusMetrics.number(queue.asDocument().get("events"))
                    + " events waiting" + (refused.isEmpty() ? "" : "; it refuses this agent's batches: " + refused) + ")");
        }
        return Optional.empty();
    }

    /** A string of the section, empty when it has none. */
    private static String text(BsonDocument section, String key) {
        BsonValue value = section.get(key);
        return value != null && value.isString() ? value.asString().getValue() : "";
    }

    private Optional<String> rejecting(BsonDocument queue) {
        long rejected = (long) StatusMetrics.number(queue.get("rejected"));
        long nowNanos = System.nanoTime();
        if (seenRejected >= 0 && rejected > seenRejected) {
            lastRejectionNanos = nowNanos;
            rejectedRecently = true;
        }
        seenRejected = rejected;
        if (rejectedRecently && nowNanos - lastRejectionNanos > REJECTION_MEMORY.toNanos()) {
            rejectedRecently = false;
        }
        return rejectedRecently
                ? Optional.of("the queue is refusing events (disk full or failing): " + rejected + " refused since the start")
                : Optional.empty();
    }
}
