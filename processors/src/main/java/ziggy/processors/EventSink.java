package ziggy.processors;

import java.nio.ByteBuffer;

/**
 * Where the chain hands each event that comes out of it: the daemon's writer, forwarder and stream.
 * Called on the chain's thread with absolute indexes ({@code buffer[offset, offset + length)}, below
 * the buffer's limit; its position means nothing); the bytes are valid only during the call. An event no
 * processor changed arrives in the very buffer, at the very offset, it was given to the chain in; a
 * replaced or emitted one in a heap buffer of its own.
 */
@FunctionalInterface
public interface EventSink {
    void accept(ByteBuffer buffer, int offset, int length);
}
