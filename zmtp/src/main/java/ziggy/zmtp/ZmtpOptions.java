package ziggy.zmtp;

import java.time.Duration;

/**
 * How the endpoint sizes its buffers and bounds what peers may send.
 *
 * @param receiveBufferBytes size of each pooled direct receive buffer. A connection holds one only
 *        while it has unparsed bytes; a message larger than this is still delivered, in a buffer
 *        grown for it and dropped after it
 * @param maxMessageBytes the largest message, frame bodies summed, that is delivered; larger ones
 *        are skipped as they arrive and reported to {@link MessageHandler#onOversizedMessage(long)}
 * @param maxFramesPerMessage messages of more frames are skipped the same way, so a peer cannot
 *        make the endpoint buffer unbounded frame headers
 * @param tick the longest wait between two {@link MessageHandler#onLoopTurn(long)} calls
 * @param handshakeTimeout how long a peer has to complete its greeting and READY
 */
public record ZmtpOptions(int receiveBufferBytes, int maxMessageBytes, int maxFramesPerMessage,
                          Duration tick, Duration handshakeTimeout) {

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
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive, not " + handshakeTimeout);
        }
    }

    /** 1 MiB receive buffers, 64 MiB messages of at most 65,536 frames, a 100 ms tick, 30 s to handshake. */
    public static ZmtpOptions defaults() {
        return new ZmtpOptions(1 << 20, 64 << 20, 65_536, Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    public ZmtpOptions withReceiveBufferBytes(int bytes) {
        return new ZmtpOptions(bytes, maxMessageBytes, maxFramesPerMessage, tick, handshakeTimeout);
    }

    public ZmtpOptions withMaxMessageBytes(int bytes) {
        return new ZmtpOptions(receiveBufferBytes, bytes, maxFramesPerMessage, tick, handshakeTimeout);
    }

    public ZmtpOptions withMaxFramesPerMessage(int frames) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, frames, tick, handshakeTimeout);
    }

    public ZmtpOptions withTick(Duration newTick) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, newTick, handshakeTimeout);
    }

    public ZmtpOptions withHandshakeTimeout(Duration timeout) {
        return new ZmtpOptions(receiveBufferBytes, maxMessageBytes, maxFramesPerMessage, tick, timeout);
    }
}
