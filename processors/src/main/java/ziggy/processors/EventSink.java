package ziggy.processors;

/**
 * Where the chain hands each event that comes out of it: the daemon's writer, forwarder and stream.
 * Called on the chain's thread; the bytes are valid only during the call.
 */
@FunctionalInterface
public interface EventSink {
    void accept(byte[] bytes, int offset, int length);
}
