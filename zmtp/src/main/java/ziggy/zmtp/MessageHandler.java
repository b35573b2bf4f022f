package ziggy.zmtp;

import java.nio.ByteBuffer;

/**
 * What the collect endpoint hands each complete ZeroMQ message to, on the endpoint's own I/O thread.
 *
 * <p>No object and no copy per message: frames are given as absolute positions in the endpoint's
 * receive buffer. They are valid only for the duration of the call; a handler that keeps bytes
 * copies them (into a day-file buffer, a queue buffer). A handler must not change the buffer's
 * position or limit, and must not block: it runs on the thread that reads every connection.
 */
public interface MessageHandler {

    /** A message of exactly one frame, at {@code buffer[offset, offset + length)}. */
    void onMessage(ByteBuffer buffer, int offset, int length);

    /**
     * A message of two or more frames, all in {@code buffer}. Frame {@code i < frameCount} is at
     * {@code offsets[i]} with {@code lengths[i]} bytes; the arrays are reused between calls.
     */
    void onMultipartMessage(ByteBuffer buffer, int[] offsets, int[] lengths, int frameCount);

    /**
     * Which connection the messages delivered next come from: called before each read's messages, and again
     * when a CURVE handshake completes. {@code address}: the peer's {@link PeerAddress}; {@code curveClientKey}:
     * the permanent public key (32 bytes) that the client's INITIATE proved, null for a connection without
     * CURVE or before its handshake completed. The same string and array for every call about one connection,
     * so that a handler may compare them by identity. Messages delivered until the next call are that
     * connection's.
     */
    default void fromPeer(String address, byte[] curveClientKey) {
    }

    /** A message the endpoint discarded because it exceeds the configured maximum size. */
    void onOversizedMessage(long messageBytes);

    /**
     * Called once per turn of the I/O loop, and at least every tick interval even when no byte
     * arrives, so the owner can flush buffers and close idle files on the same thread, without a lock.
     */
    void onLoopTurn(long nanoTime);
}
