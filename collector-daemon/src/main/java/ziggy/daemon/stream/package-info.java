/**
 * The live stream: every event taken in, published on a ZeroMQ XPUB socket as two frames
 * {@code [type, event bytes]} for subscribers that filter by type prefix (ziggyview -H).
 *
 * <p>Invariant: the stream never slows the collect thread. That thread only copies an event into a
 * bounded single-producer ring ({@link ziggy.daemon.stream.ByteRing}), and only when some
 * subscription's prefix matches the type; when the ring is full the event is dropped from the
 * stream (counted), never from the files. The publisher thread owns the socket.
 */
package ziggy.daemon.stream;
