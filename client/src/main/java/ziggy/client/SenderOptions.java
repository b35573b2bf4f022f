package ziggy.client;

import java.time.Duration;

/**
 * How the network sender buffers and flushes.
 *
 * @param queueCapacity events the queue between application threads and the sending thread holds; when it is
 *                      full, new events are dropped and counted ("queue full")
 * @param closeTimeout  how long {@link Ziggy#close()} and the JVM shutdown hook wait for pending events to go
 *                      out; what is still queued after it is dropped and counted ("unsent at close")
 */
public record SenderOptions(int queueCapacity, Duration closeTimeout) {
    /** 65,536 events (about 16 MiB of 250-byte events) and 2 seconds. */
    public static SenderOptions defaults() {
        return new SenderOptions(65_536, Duration.ofSeconds(2));
    }

    public SenderOptions {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        if (closeTimeout == null || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must be zero or positive, got " + closeTimeout);
        }
    }

    public SenderOptions withQueueCapacity(int capacity) {
        return new SenderOptions(capacity, closeTimeout);
    }

    public SenderOptions withCloseTimeout(Duration timeout) {
        return new SenderOptions(queueCapacity, timeout);
    }
}
