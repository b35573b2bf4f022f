package ziggy.client;

import java.time.Duration;

/**
 * How the network sender buffers and flushes.
 *
 * @param queueCapacity events the queue between application threads and the sending thread holds; when it is
 *                      full, new events are dropped and counted ("queue full"). At most 4,194,304.
 * @param queueBytes    bytes of encoded events the client holds: in that queue, and handed to JeroMQ but not yet
 *                      written to the kernel. The bound that matters when events are large; past it, new events
 *                      are dropped and counted ("queue full"). At least 16 MiB, the largest event, so that any
 *                      event fits when nothing is held; at most 512 GiB.
 * @param closeTimeout  how long {@link Ziggy#close()} and the JVM shutdown hook wait for pending events to go
 *                      out; what is still queued after it is dropped and counted ("unsent at close")
 * @param curve         CURVE for the connection to a {@code ziggyd} started with {@code --curve-cert}; null (the
 *                      default) for a plain one
 */
public record SenderOptions(int queueCapacity, long queueBytes, Duration closeTimeout, CurveSettings curve) {
    /**
     * 262,144 events, 64 MiB, and 2 seconds: with events of about 250 bytes the two bounds meet, and the
     * queue rides out some 650 ms at 400,000 events/s (an application's own young collections, on cores it
     * shares with the daemon, outlasted the 160 ms of 65,536).
     */
    public static SenderOptions defaults() {
        return new SenderOptions(262_144, 64L * 1024 * 1024, Duration.ofSeconds(2));
    }

    /** Options for a plain (not CURVE) connection. */
    public SenderOptions(int queueCapacity, long queueBytes, Duration closeTimeout) {
        this(queueCapacity, queueBytes, closeTimeout, null);
    }

    public SenderOptions {
        if (queueCapacity < 1 || queueCapacity > EventQueue.MAX_EVENTS) {
            throw new IllegalArgumentException("queueCapacity must be 1 to " + EventQueue.MAX_EVENTS + ", got "
                    + queueCapacity);
        }
        if (queueBytes < EventEncoder.MAX_DOCUMENT_BYTES || queueBytes > EventQueue.MAX_BYTES) {
            throw new IllegalArgumentException("queueBytes must be " + EventEncoder.MAX_DOCUMENT_BYTES + " (the largest event) to "
                    + EventQueue.MAX_BYTES + ", got " + queueBytes);
        }
        if (closeTimeout == null || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must be zero or positive, got " + closeTimeout);
        }
    }

    public SenderOptions withQueueCapacity(int capacity) {
        return new SenderOptions(capacity, queueBytes, closeTimeout, curve);
    }

    public SenderOptions withQueueBytes(long bytes) {
        return new SenderOptions(queueCapacity, bytes, closeTimeout, curve);
    }

    public SenderOptions withCloseTimeout(Duration timeout) {
        return new SenderOptions(queueCapacity, queueBytes, timeout, curve);
    }

    /** These options sending over CURVE ({@code null}: a plain connection). */
    public SenderOptions withCurve(CurveSettings settings) {
        return new SenderOptions(queueCapacity, queueBytes, closeTimeout, settings);
    }
}
