package ziggy.zmtp;

import java.time.Duration;

/**
 * How the endpoint sizes its buffers and bounds what peers may send and hold.
 *
 * @param receiveBufferBytes size of each pooled direct receive buffer. A connection holds one only
 *        while it has unparsed bytes; a message larger than this is still delivered, in a buffer
 *        grown for it as it arrives and dropped after it
 * @param maxMessageBytes the largest message, frame bodies summed, that is delivered; larger ones
 *        are skipped as they arrive and reported to {@link MessageHandler#onOversizedMessage(long)}
 * @param maxFramesPerMessage messages of more frames are skipped the same way, so a peer cannot
 *        make the endpoint buffer unbounded frame headers
 * @param tick the longest wait between two {@link MessageHandler#onLoopTurn(long)} calls
 * @param handshakeTimeout how long a peer has to complete its greeting and READY
 * @param maxConnections connections open at once; at the cap the quietest one not in the middle of
 *        a message is closed to admit a new peer, and without such a one the new peer is refused
 * @param idleTimeout a connection past its handshake that sends nothing (ZMTP 3.1 PINGs count) for
 *        this long is closed
 * @param memoryBudgetBytes receive memory all connections together may hold ({@link ReceiveBudget});
 *        at least twice the largest message and two receive buffers, since a buffer grows into a new
 *        one while the old still holds the message
 * @param memoryStallTimeout while peers wait for memory, a connection that holds some for a partial
 *        message and sends nothing for this long is closed to free it
 * @param curve null: the NULL mechanism, peers are trusted; otherwise every peer must speak CurveZMQ
 *        (RFC 26) to this server identity, and NULL peers are refused. Under CURVE, a message's size
 *        against {@code maxMessageBytes} counts each frame's encryption overhead (33 bytes: the MESSAGE
 *        name, nonce, MAC and flags)
 */
public record ZmtpOptions(int receiveBufferBytes, int maxMessageBytes, int maxFramesPerMessage,
                          Duration tick, Duration handshakeTimeout, int maxConnections, Duration idleTimeout,
                          long memoryBudgetBytes, Duration memoryStallTimeout, CurveServerKeys curve) {

    /** The NULL mechanism: the endpoint as it was before CURVE. */
    public ZmtpOptions(int receiveBufferBytes, int maxMessageBytes, int maxFramesPerMessage,
                       Duration tick, Duration handshakeTimeout, int maxConnections, Duration idleTimeout,
                       long memoryBudgetBytes, Duration memoryStallTimeout) {
        this(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, tick, handshakeTimeout, maxConnections,
                idleTimeout, memoryBudgetBytes, memoryStallTimeout, null);
    }

    /** Leaves room for frame headers beside a message of the maximum size in one Java buffer. */
    static final int LARGEST_MESSAGE_BYTES = Integer.MAX_VALUE - (1 << 20);
    /** Their 9-byte headers fit in the 1 MiB left beside the largest message. */
    static final int MOST_FRAMES = 100_000;

    public ZmtpOptions {
        if (receiveBufferBytes < 4096) {
            throw new IllegalArgumentException("receive buffer must be at least 4096 bytes, not " + receiveBufferBytes);
        }
        if (maxMessageBytes < 0 || maxMessageBytes > LARGEST_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maximum message size must be 0.." + LARGEST_MESSAGE_BYTES
                    + " bytes, not " + maxMessageBytes);
        }
        if (maxFramesPerMessage < 1 || maxFramesPerMessage > MOST_FRAMES) {
            throw new IllegalArgumentException("frames per message must be 1.." + MOST_FRAMES + ", not "
                    + maxFramesPerMessage);
        }
        if (tick.isNegative() || tick.toMillis() < 1) {
            throw new IllegalArgumentException("tick must be at least 1 ms, not " + tick);
        }
        positive(handshakeTimeout, "handshake timeout");
        positive(idleTimeout, "idle timeout");
        positive(memoryStallTimeout, "memory stall timeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the connection cap must be at least 1, not " + maxConnections);
        }
        if (memoryBudgetBytes < smallestBudget(maxMessageBytes, receiveBufferBytes)) {
            throw new IllegalArgumentException("the collect memory budget must be at least "
                    + smallestBudget(maxMessageBytes, receiveBufferBytes) + " bytes (twice the largest message, "
                    + maxMessageBytes + " bytes, and two receive buffers), not " + memoryBudgetBytes);
        }
    }

    /** The least memory budget that always lets a message of {@code maxMessageBytes} arrive whole. */
    public static long smallestBudget(int maxMessageBytes, int receiveBufferBytes) {
        return 2L * maxMessageBytes + 2L * receiveBufferBytes;
    }

    private static void positive(Duration duration, String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + duration);
        }
    }

    /**
     * 1 MiB receive buffers, 16 MiB messages of at most 65,536 frames, a 100 ms tick, 30 s to handshake,
     * 1,024 connections closed after 5 idle minutes, 64 MiB of receive memory, 5 s to stall holding it.
     */
    public static ZmtpOptions defaults() {
        return new ZmtpOptions(1 << 20, 16 << 20, 65_536, Duration.ofMillis(100), Duration.ofSeconds(30), 1024,
                Duration.ofMinutes(5), 64L << 20, Duration.ofSeconds(5));
    }

    public ZmtpOptions withReceiveBufferBytes(int bytes) {
        return new ZmtpOptions(bytes, maxMessageBytes, maxFramesPerMessage, tick, handshakeTimeout, maxConnections,
                idleTimeout, memoryBudgetBytes, memoryStallTimeout, curve);
    }

    /** Also raises the memory budget to the least that lets such a message arrive, when it is below. */
    public ZmtpOptions withMaxMessageBytes(int bytes) {
        return new ZmtpOptions(receiveBufferBytes, bytes, maxFramesPerMessage, tick, handshakeTimeout, maxConnections,
                idleTimeout, Math.max(memoryBudgetBytes, smallestBudget(bytes, receiveBufferBytes)), memoryStallTimeout, curve);
    }

    public ZmtpOptions withMaxFramesPerMessage(int frames) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, frames, tick, handshakeTimeout, maxConnections,
                idleTimeout, memoryBudgetBytes, memoryStallTimeout, curve);
    }

    public ZmtpOptions withTick(Duration newTick) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, newTick, handshakeTimeout,
                maxConnections, idleTimeout, memoryBudgetBytes, memoryStallTimeout, curve);
    }

    public ZmtpOptions withHandshakeTimeout(Duration timeout) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, tick, timeout, maxConnections,
                idleTimeout, memoryBudgetBytes, memoryStallTimeout, curve);
    }

    public ZmtpOptions withMaxConnections(int connections) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, tick, handshakeTimeout,
                connections, idleTimeout, memoryBudgetBytes, memoryStallTimeout, curve);
    }

    public ZmtpOptions withIdleTimeout(Duration timeout) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, tick, handshakeTimeout,
                maxConnections, timeout, memoryBudgetBytes, memoryStallTimeout, curve);
    }

    public ZmtpOptions withMemoryBudgetBytes(long bytes) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, tick, handshakeTimeout,
                maxConnections, idleTimeout, bytes, memoryStallTimeout, curve);
    }

    public ZmtpOptions withMemoryStallTimeout(Duration timeout) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, tick, handshakeTimeout,
                maxConnections, idleTimeout, memoryBudgetBytes, timeout, curve);
    }

    /**
     * Serves CurveZMQ (RFC 26) only, as the server {@code keys} names, to the clients they authorize;
     * null goes back to the NULL mechanism. CURVE costs the endpoint a decryption per frame, into the
     * receive buffer in place (see the package documentation for the bytes sent).
     */
    public ZmtpOptions withCurve(CurveServerKeys keys) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, tick, handshakeTimeout,
                maxConnections, idleTimeout, memoryBudgetBytes, memoryStallTimeout, keys);
    }
}
