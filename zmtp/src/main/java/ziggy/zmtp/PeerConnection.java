package ziggy.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One peer's connection, through its stages: the greeting, the handshake (READY under NULL; HELLO then
 * INITIATE under CURVE), then messages and heartbeats. Reading and parsing belong to its
 * {@link FrameDecoder}; this class knows the handshake and the few bytes we send back (greeting,
 * READY or WELCOME and READY, PONGs). Used only from the I/O thread.
 */
final class PeerConnection implements FrameDecoder.CommandSink {
    private enum Stage { GREETING, READY, HELLO, INITIATE, MESSAGES }

    /** What a readable socket came to. */
    enum ReadOutcome {
        /** Read and parsed what had arrived. */
        READ,
        /** The peer closed its side. */
        CLOSED,
        /** The memory budget had no room for a buffer: nothing read; the connection must wait. */
        WAITING_FOR_MEMORY
    }

    /** Greeting, READY and a backlog of PONGs; a peer that lets more pile up is not reading at all. */
    private static final int OUTBOUND_BYTES = 1024;

    private final SocketChannel channel;
    private final String peer;
    /** The peer's {@link PeerAddress}, told to the handler with each read's messages. */
    private final String address;
    private final long acceptedNanos;
    private final FrameDecoder decoder;
    private final ZmtpCounters counters;
    /** Null under the NULL mechanism. */
    private final CurveServerSession curve;
    private final ByteBuffer outbound = ByteBuffer.allocate(OUTBOUND_BYTES);
    private SelectionKey key;
    private Stage stage = Stage.GREETING;
    private boolean greetingRestSent;
    private long lastReceivedNanos;
    /** When the partial message now buffered began to arrive; meaningful while {@link #inMiddleOfMessage}. */
    private long partialSinceNanos;
    private boolean readsPaused;
    /** The CURVE client's permanent key once its INITIATE proved it; null before, and under NULL. */
    private byte[] clientKey;
    /** The handler of the read under way: told the client's key the moment INITIATE proves it. */
    private MessageHandler delivering;

    /**
     * {@code peer}: the remote socket address, for log lines; {@code address}: its {@link PeerAddress}.
     * {@code curve} null: the NULL mechanism; otherwise the peer must complete this CURVE session.
     */
    PeerConnection(SocketChannel channel, String peer, String address, long acceptedNanos, FrameDecoder decoder,
                   ZmtpCounters counters, CurveServerSession curve) {
        this.channel = channel;
        this.curve = curve;
        if (curve != null) {
            decoder.useCurve(curve);
        }
        this.peer = peer;
        this.address = address;
        this.acceptedNanos = acceptedNanos;
        this.lastReceivedNanos = acceptedNanos;
        this.decoder = decoder;
        this.counters = counters;
    }

    /** The peer's address, for log lines. */
    String peer() {
        return peer;
    }

    /** Registered with the selector: sends the first part of our greeting, without waiting for the peer's. */
    void start(SelectionKey selectionKey) throws IOException, PeerRefusal {
        this.key = selectionKey;
        queue(Greeting.signatureAndMajor());
        flush();
    }

    /** Reads once, then parses and hands on every complete message. */
    ReadOutcome onReadable(MessageHandler handler, long nowNanos) throws IOException, PeerRefusal {
        boolean hadPartial = decoder.hasPartialMessage();
        int read = decoder.readFrom(channel);
        if (read == FrameDecoder.WAITING_FOR_MEMORY) {
            return ReadOutcome.WAITING_FOR_MEMORY;
        }
        if (read < 0) {
            return ReadOutcome.CLOSED;
        }
        if (read > 0) {
            lastReceivedNanos = nowNanos;
        }
        if (stage == Stage.GREETING) {
            boolean complete = Greeting.check(decoder, curve != null);
            if (!greetingRestSent && decoder.unparsed() > Greeting.MAJOR) {
                queue(Greeting.rest(curve != null));
                greetingRestSent = true;
            }
            if (!complete) {
                decoder.park();
                counters.received(0, read);
                if (outbound.position() > 0) {
                    flush();
                }
                return ReadOutcome.READ;
            }
            decoder.skip(Greeting.LENGTH);
            stage = curve == null ? Stage.READY : Stage.HELLO;
        }
        delivering = handler;
        handler.fromPeer(address, clientKey);
        int delivered = decoder.decode(handler, this);
        counters.received(delivered, read);
        if (!hadPartial || delivered > 0) {
            partialSinceNanos = nowNanos;
        }
        if (outbound.position() > 0) {
            flush();
        }
        return ReadOutcome.READ;
    }

    @Override
    public void onCommand(ByteBuffer buffer, int offset, int length) throws PeerRefusal {
        String name = Commands.name(buffer, offset, length);
        if (name.equals("ERROR")) {
            throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "peer sent ERROR: " + Commands.errorReason(buffer, offset, length));
        }
        if (stage == Stage.HELLO || stage == Stage.INITIATE) {
            onCurveHandshake(name, buffer, offset, length);
        } else if (stage == Stage.READY) {
            if (!name.equals("READY")) {
                throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, name + " command before READY");
            }
            String socketType = Commands.socketType(buffer, offset, length);
            if (!socketType.equals("PUSH")) {
                throw new PeerRefusal(RefusalReason.SOCKET_TYPE, "socket type " + socketType + "; only PUSH may send here");
            }
            // Ours goes out only now: a libzmq peer that reads our READY together with the end of our
            // greeting closes on a socket-type mismatch before sending its own, which the refusal
            // could not then name. NULL peers send READY without waiting for ours (RFC 23).
            queue(Commands.readyFrame());
            stage = Stage.MESSAGES;
            decoder.allowMessages();
        } else if (name.equals("PING")) {
            queue(curve == null ? Commands.pongFrame(buffer, offset, length)
                    : curve.commandFrame(Commands.pongBody(buffer, offset, length)));
            counters.pongSent();
        }
        // Any other command (a second READY, SUBSCRIBE, a PONG) means nothing to a PULL socket.
    }

    /** HELLO earns our WELCOME; INITIATE, checked and authorized, our READY, and messages may come. */
    private void onCurveHandshake(String name, ByteBuffer buffer, int offset, int length) throws PeerRefusal {
        String expected = stage == Stage.HELLO ? "HELLO" : "INITIATE";
        if (!name.equals(expected)) {
            throw new PeerRefusal(RefusalReason.CURVE_HANDSHAKE, name + " command where CURVE's " + expected + " was due");
        }
        if (stage == Stage.HELLO) {
            queue(curve.onHello(buffer, offset, length));
            stage = Stage.INITIATE;
        } else {
            queue(curve.onInitiate(buffer, offset, length));
            stage = Stage.MESSAGES;
            clientKey = curve.clientKey();
            // Messages may follow INITIATE in the very read being decoded.
            delivering.fromPeer(address, clientKey);
            decoder.allowMessages();
        }
    }

    /** Sends what is left of our bytes when the socket has room again. */
    void onWritable() throws IOException {
        flush();
    }

    /** True while the peer has not completed its greeting and READY within {@code timeoutNanos}. */
    boolean handshakeExpired(long nowNanos, long timeoutNanos) {
        return stage != Stage.MESSAGES && nowNanos - acceptedNanos > timeoutNanos;
    }

    /** True until the peer's greeting and READY have both arrived and been accepted. */
    boolean inHandshake() {
        return stage != Stage.MESSAGES;
    }

    /** Nanoseconds since a byte last arrived (or since the accept, before any did). */
    long quietNanos(long nowNanos) {
        return nowNanos - lastReceivedNanos;
    }

    /** Nanoseconds the partial message now buffered has been arriving; 0 without one. */
    long partialNanos(long nowNanos) {
        return inMiddleOfMessage() ? nowNanos - partialSinceNanos : 0;
    }

    /** Bytes of the endpoint's memory budget this connection holds. */
    long heldBytes() {
        return decoder.heldBytes();
    }

    /** While reads are paused: the bytes of budget that must be free before reading again helps. */
    int wantedBytes() {
        return decoder.wantedBytes();
    }

    /** Stops reading this socket until {@link #resumeReads}: the budget had no memory for it. */
    void pauseReads() {
        readsPaused = true;
        updateInterest();
    }

    void resumeReads() {
        readsPaused = false;
        updateInterest();
    }

    boolean readsPaused() {
        return readsPaused;
    }

    /** True when closing now loses part of a message that has begun to arrive. */
    boolean inMiddleOfMessage() {
        return stage == Stage.MESSAGES && decoder.hasPartialMessage();
    }

    long partialMessageBytes() {
        return decoder.partialMessageBytes();
    }

    /** Reads and hands on what the peer has already sent, until its socket is empty or {@code maxReads}. */
    void drain(MessageHandler handler, int maxReads) throws IOException, PeerRefusal {
        delivering = handler;
        handler.fromPeer(address, clientKey);
        for (int i = 0; i < maxReads && stage == Stage.MESSAGES; i++) {
            int read = decoder.readFrom(channel);
            if (read <= 0) {
                return;
            }
            counters.received(decoder.decode(handler, this), read);
        }
    }

    void close() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket we no longer use: there is nothing left to lose or to tell.
        }
        decoder.close();
    }

    /** Adds bytes to send; they go out at the next flush, after the bytes that caused them are parsed. */
    private void queue(byte[] bytes) throws PeerRefusal {
        if (outbound.remaining() < bytes.length) {
            throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "peer does not read what it is sent (PONGs piling up)");
        }
        outbound.put(bytes);
    }

    private void flush() throws IOException {
        outbound.flip();
        channel.write(outbound);
        outbound.compact();
        updateInterest();
    }

    private void updateInterest() {
        int ops = (readsPaused ? 0 : SelectionKey.OP_READ) | (outbound.position() > 0 ? SelectionKey.OP_WRITE : 0);
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }
}
