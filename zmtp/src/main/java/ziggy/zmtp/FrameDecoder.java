package ziggy.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.function.Consumer;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * The receive side of one connection: the direct buffer its socket reads into and the ZMTP 3 frame
 * parser that runs over the bytes where they landed, handing whole messages on by position.
 *
 * <p>A frame on the wire (RFC 23 section "Framing"):
 * <pre>
 *   flags  1 byte   bit 0 MORE (another frame of this message follows), bit 1 LONG, bit 2 COMMAND
 *   size   1 byte   when LONG is clear: 0..255
 *          8 bytes  when LONG is set: unsigned, big-endian (network order)
 *   body   size bytes
 * </pre>
 *
 * <p>Buffer layout, in absolute positions, {@code 0 <= messageStart <= scanPos <= writeIndex <= capacity}:
 * <pre>
 *   [0, messageStart)          consumed; reclaimed by the next compaction
 *   [messageStart, scanPos)    frames of a multipart message parsed so far (their places are in offsets/lengths)
 *   [scanPos, writeIndex)      received, not parsed yet (at most one incomplete frame once decode returns)
 *   [writeIndex, capacity)     free for the next read
 * </pre>
 * The whole of a message stays in one buffer, so a multipart message is handed on in one call; a
 * message larger than the buffer moves into a buffer of its announced size once a whole buffer of
 * it has really arrived, never on the header's word alone, and only if the budget has room: growth in
 * one step, so that concurrent large messages queue for memory one after another instead of each
 * holding half of what it needs. A message over the maximum is never
 * buffered: it is counted when its header shows it, and its bytes are dropped as they arrive. A frame
 * announcing more than 2 GiB, which no configuration buffers, refuses the peer.
 *
 * <p>Between reads, a connection keeps no large buffer unless it is in the middle of a large message:
 * with nothing pending the buffer goes back to the pool, and a small pending tail (the start of the
 * next event, a partial greeting) moves into the connection's own small carry buffer and back into a
 * pooled buffer before the next read. So memory follows the reads in progress, one at a time on this
 * thread, not the number of connections, and a thousand slow peers cost a thousand carries, not a
 * thousand receive buffers. Every buffer, carries included, is charged to the endpoint's
 * {@link ReceiveBudget} through the pool; when it has no room, {@link #readFrom} reads nothing and
 * says {@link #WAITING_FOR_MEMORY}. Used only from the I/O thread.
 */
final class FrameDecoder {
    static final int FLAG_MORE = 0x01;
    static final int FLAG_LONG = 0x02;
    static final int FLAG_COMMAND = 0x04;
    /** The longest frame header: flags and an 8-byte size. */
    static final int MAX_HEADER = 9;
    /** Commands are READY's metadata and PINGs: small. A larger one is refused, not buffered. */
    static final int MAX_COMMAND_BYTES = 64 * 1024;
    /** No buffer of Java's can hold a larger frame, so a peer announcing one is not a client to skip for. */
    static final long MAX_SKIPPABLE_FRAME = Integer.MAX_VALUE;
    /** {@link #readFrom}'s answer when the memory budget has no room for the read: nothing was read. */
    static final int WAITING_FOR_MEMORY = -2;

    /** Receives the command frames the parser meets; may refuse the peer. */
    interface CommandSink {
        void onCommand(ByteBuffer buffer, int offset, int length) throws PeerRefusal;
    }

    private final ReceiveBufferPool pool;
    private final int maxMessageBytes;
    private final int maxFrames;
    private final Consumer<RuntimeException> handlerFailures;
    private final ZmtpCounters counters;
    private final RateLimitedLog log;
    private final String peer;

    private final int carryBytes;
    private ByteBuffer buffer;
    /** Holds a small pending tail between reads; allocated on first use. */
    private ByteBuffer carry;
    private int messageStart;
    private int scanPos;
    private int writeIndex;
    /** Bytes from messageStart that must be in the buffer before parsing can go on; 0 when unknown. */
    private long pendingNeed;
    private boolean messagesAllowed;
    /** The buffer size the budget last refused; the connection waits until that much is free. */
    private int wantedBytes;

    /** Null under the NULL mechanism; under CURVE, opens each MESSAGE once the handshake is done. */
    private CurveServerSession curve;

    private int[] offsets = new int[4];
    private int[] lengths = new int[4];
    private int frameCount;
    private long messageBytes;

    /** Dropping an oversized message: the rest of its current frame, and whether frames follow. */
    private boolean skipping;
    private long skipRemaining;
    private boolean skipMore;
    private long skippedBytes;

    FrameDecoder(ReceiveBufferPool pool, ZmtpOptions options, ZmtpCounters counters, RateLimitedLog log, String peer,
                 Consumer<RuntimeException> handlerFailures) {
        this.pool = pool;
        this.carryBytes = Math.min(4096, pool.bufferBytes() / 4);
        this.log = log;
        this.peer = peer;
        this.maxMessageBytes = options.maxMessageBytes();
        this.maxFrames = options.maxFramesPerMessage();
        this.counters = counters;
        this.handlerFailures = handlerFailures;
    }

    /**
     * Under CURVE: once messages are allowed every frame is a MESSAGE, opened in place by {@code session}
     * ({@link #decodeCurve}); before, the handshake's commands arrive as under NULL.
     */
    void useCurve(CurveServerSession session) {
        this.curve = session;
    }

    /** Message frames are a protocol error until the peer's READY has been accepted. */
    void allowMessages() {
        messagesAllowed = true;
    }

    /**
     * Reads once from {@code channel} into the free end of the buffer: the channel's result, or
     * {@link #WAITING_FOR_MEMORY} without reading when the budget has no room for the buffer it needs.
     */
    int readFrom(ReadableByteChannel channel) throws IOException {
        ByteBuffer target = prepareForRead();
        if (target == null) {
            return WAITING_FOR_MEMORY;
        }
        target.limit(target.capacity()).position(writeIndex);
        int read = channel.read(target);
        if (read > 0) {
            writeIndex += read;
        } else if (writeIndex == messageStart) {
            release();
        }
        return read;
    }

    /** Bytes received and not yet parsed. */
    int unparsed() {
        return writeIndex - scanPos;
    }

    /** The unsigned byte {@code index} places after the parse position; {@code index < unparsed()}. */
    int peek(int index) {
        return buffer.get(scanPos + index) & 0xFF;
    }

    /** Consumes bytes the caller parsed itself (the greeting, which is not framed). */
    void skip(int count) {
        scanPos += count;
        messageStart = scanPos;
    }

    /**
     * True when bytes of a message are buffered but not the whole of it. An oversized message being
     * skipped is not: it was counted when its header arrived, and nothing of it is kept.
     */
    boolean hasPartialMessage() {
        return writeIndex > messageStart;
    }

    /** Received bytes of the incomplete message, for the log line that reports it lost. */
    long partialMessageBytes() {
        return writeIndex - messageStart;
    }

    /** After {@link #WAITING_FOR_MEMORY}: the bytes of budget the next read needs free. */
    int wantedBytes() {
        return wantedBytes;
    }

    /** Bytes of the memory budget this connection holds now: its buffer and its carry. */
    long heldBytes() {
        long held = carry == null ? 0 : carry.capacity();
        return buffer == null || buffer == carry ? held : held + buffer.capacity();
    }

    /**
     * Parses every complete frame that has arrived, calls {@code handler} for each complete message and
     * {@code commands} for each command, and returns how many messages were handed on.
     */
    int decode(MessageHandler handler, CommandSink commands) throws PeerRefusal {
        if (buffer == null) {
            return 0;
        }
        if (curve != null && messagesAllowed) {
            return decodeCurve(handler, commands);
        }
        final ByteBuffer b = buffer;
        final int end = writeIndex;
        int p = scanPos;
        int delivered = 0;
        pendingNeed = 0;
        while (true) {
            if (skipping) {
                int dropped = (int) Math.min(skipRemaining, end - p);
                p += dropped;
                skipRemaining -= dropped;
                if (skipRemaining > 0) {
                    break;
                }
                if (!skipMore) {
                    skipping = false;
                    messageStart = p;
                    continue;
                }
            }
            if (end - p < 2) {
                pendingNeed = p - messageStart + MAX_HEADER;
                break;
            }
            int flags = b.get(p);
            int header;
            long size;
            if ((flags & FLAG_LONG) == 0) {
                header = 2;
                size = b.get(p + 1) & 0xFF;
            } else {
                if (end - p < MAX_HEADER) {
                    pendingNeed = p - messageStart + MAX_HEADER;
                    break;
                }
                header = MAX_HEADER;
                size = b.getLong(p + 1);
                if (size < 0 || size > MAX_SKIPPABLE_FRAME) {
                    throw new PeerRefusal(RefusalReason.OVERSIZED, "a frame header announcing "
                            + (size < 0 ? "2^63 bytes or more" : size + " bytes") + "; the most taken is "
                            + maxMessageBytes + " and frames over 2 GiB are not even skipped");
                }
            }
            if ((flags & FLAG_COMMAND) != 0) {
                if (frameCount > 0 || skipping) {
                    throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a command frame inside a multipart message");
                }
                if (size > MAX_COMMAND_BYTES) {
                    throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a command frame of " + size + " bytes");
                }
                int bodyStart = p + header;
                if (end - bodyStart < size) {
                    pendingNeed = bodyStart + size - messageStart;
                    break;
                }
                p = bodyStart + (int) size;
                messageStart = p;
                commands.onCommand(b, bodyStart, (int) size);
                if (curve != null && messagesAllowed) {
                    // INITIATE accepted: what follows is boxed.
                    scanPos = p;
                    return delivered + decodeCurve(handler, commands);
                }
                continue;
            }
            if (!messagesAllowed) {
                throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a message before the READY command");
            }
            if (skipping) {
                // A further frame of the oversized message: only its size matters.
                p += header;
                skippedBytes += size;
                skipRemaining = size;
                skipMore = (flags & FLAG_MORE) != 0;
                continue;
            }
            long sizeSoFar = messageBytes + size;
            if (sizeSoFar > maxMessageBytes || frameCount >= maxFrames) {
                // Drop the frames parsed so far with the rest of the message, as the bytes arrive; it is
                // counted now, from its header, so a peer that never sends the rest is counted too.
                skipping = true;
                skippedBytes = sizeSoFar;
                skipRemaining = size;
                skipMore = (flags & FLAG_MORE) != 0;
                int frames = frameCount + 1;
                frameCount = 0;
                messageBytes = 0;
                p += header;
                messageStart = p;
                onOversized(handler, sizeSoFar, frames);
                continue;
            }
            int bodyStart = p + header;
            if (end - bodyStart < size) {
                pendingNeed = bodyStart + size - messageStart;
                break;
            }
            int length = (int) size;
            p = bodyStart + length;
            if ((flags & FLAG_MORE) == 0) {
                messageStart = p;
                delivered++;
                if (frameCount == 0) {
                    try {
                        handler.onMessage(b, bodyStart, length);
                    } catch (RuntimeException bug) {
                        handlerFailures.accept(bug);
                    }
                } else {
                    addFrame(bodyStart, length);
                    int frames = frameCount;
                    frameCount = 0;
                    messageBytes = 0;
                    try {
                        handler.onMultipartMessage(b, offsets, lengths, frames);
                    } catch (RuntimeException bug) {
                        handlerFailures.accept(bug);
                    }
                }
            } else {
                addFrame(bodyStart, length);
                messageBytes = sizeSoFar;
            }
        }
        scanPos = p;
        if (skipping) {
            messageStart = p;
        }
        park();
        return delivered;
    }

    /**
     * {@link #decode} once a CURVE handshake is done: every frame, whatever its flags, is a MESSAGE
     * (libzmq's rule), opened in place where it landed so that a multipart message stays whole in the
     * buffer and is handed on as under NULL, the payloads at their MESSAGE's offset + 33. A message's
     * size against the maximum counts its frames' whole MESSAGE bodies. A MESSAGE too large is dropped as
     * it arrives, like any oversized message, once its first 33 bytes have told its MORE flag.
     */
    private int decodeCurve(MessageHandler handler, CommandSink commands) throws PeerRefusal {
        final ByteBuffer b = buffer;
        final int end = writeIndex;
        final int overhead = CurveServerSession.MESSAGE_OVERHEAD;
        int p = scanPos;
        int delivered = 0;
        pendingNeed = 0;
        while (true) {
            if (skipping) {
                int dropped = (int) Math.min(skipRemaining, end - p);
                p += dropped;
                skipRemaining -= dropped;
                if (skipRemaining > 0) {
                    break;
                }
                if (!skipMore) {
                    skipping = false;
                    messageStart = p;
                    continue;
                }
            }
            if (end - p < 2) {
                pendingNeed = p - messageStart + MAX_HEADER;
                break;
            }
            int flags = b.get(p);
            int header;
            long size;
            if ((flags & FLAG_LONG) == 0) {
                header = 2;
                size = b.get(p + 1) & 0xFF;
            } else {
                if (end - p < MAX_HEADER) {
                    pendingNeed = p - messageStart + MAX_HEADER;
                    break;
                }
                header = MAX_HEADER;
                size = b.getLong(p + 1);
                if (size < 0 || size > MAX_SKIPPABLE_FRAME) {
                    throw new PeerRefusal(RefusalReason.OVERSIZED, "a frame header announcing "
                            + (size < 0 ? "2^63 bytes or more" : size + " bytes") + "; the most taken is "
                            + maxMessageBytes + " and frames over 2 GiB are not even skipped");
                }
            }
            int bodyStart = p + header;
            long sizeSoFar = messageBytes + size;
            if (skipping || sizeSoFar > maxMessageBytes || frameCount >= maxFrames) {
                if (end - bodyStart < overhead) {
                    pendingNeed = bodyStart + overhead - messageStart;
                    break;
                }
                int inner = curve.skippedFlags(b, bodyStart, (int) size);
                if ((inner & CurveServerSession.INNER_COMMAND) != 0) {
                    throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a boxed command of " + size + " bytes"
                            + (frameCount > 0 || skipping ? " inside a multipart message" : ""));
                }
                p = bodyStart;
                skipRemaining = size;
                skipMore = (inner & CurveServerSession.INNER_MORE) != 0;
                if (skipping) {
                    skippedBytes += size;
                    continue;
                }
                skipping = true;
                skippedBytes = sizeSoFar;
                int frames = frameCount + 1;
                frameCount = 0;
                messageBytes = 0;
                messageStart = p;
                onOversized(handler, sizeSoFar, frames);
                continue;
            }
            if (end - bodyStart < size) {
                pendingNeed = bodyStart + size - messageStart;
                break;
            }
            int inner = curve.open(b, bodyStart, (int) size);
            int payload = bodyStart + overhead;
            int length = (int) size - overhead;
            p = bodyStart + (int) size;
            if ((inner & CurveServerSession.INNER_COMMAND) != 0) {
                if (frameCount > 0) {
                    throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a command inside a multipart message");
                }
                messageStart = p;
                commands.onCommand(b, payload, length);
                continue;
            }
            if ((inner & CurveServerSession.INNER_MORE) == 0) {
                messageStart = p;
                delivered++;
                if (frameCount == 0) {
                    try {
                        handler.onMessage(b, payload, length);
                    } catch (RuntimeException bug) {
                        handlerFailures.accept(bug);
                    }
                } else {
                    addFrame(payload, length);
                    int frames = frameCount;
                    frameCount = 0;
                    messageBytes = 0;
                    try {
                        handler.onMultipartMessage(b, offsets, lengths, frames);
                    } catch (RuntimeException bug) {
                        handlerFailures.accept(bug);
                    }
                }
            } else {
                addFrame(payload, length);
                messageBytes = sizeSoFar;
            }
        }
        scanPos = p;
        if (skipping) {
            messageStart = p;
        }
        park();
        return delivered;
    }

    private void onOversized(MessageHandler handler, long announcedBytes, int frames) {
        counters.oversizedMessage();
        log.log(System.Logger.Level.WARNING, "oversized", "peer " + peer + " announced a message of "
                + (frames > maxFrames ? "more than " + maxFrames + " frames" : "at least " + announcedBytes + " bytes")
                + ", over the maximum of " + maxMessageBytes + " bytes or " + maxFrames + " frames; skipping it");
        try {
            handler.onOversizedMessage(announcedBytes);
        } catch (RuntimeException bug) {
            handlerFailures.accept(bug);
        }
    }

    /** Gives the buffer and the carry back to the pool; the connection is closing. */
    void close() {
        release();
        if (carry != null) {
            pool.giveBack(carry);
            carry = null;
        }
    }

    /** Gives the buffer back to the pool; nothing is pending. */
    void release() {
        if (buffer != null && buffer != carry) {
            pool.giveBack(buffer);
        }
        buffer = null;
        messageStart = 0;
        scanPos = 0;
        writeIndex = 0;
    }

    private void addFrame(int offset, int length) {
        if (frameCount == offsets.length) {
            offsets = Arrays.copyOf(offsets, frameCount * 2);
            lengths = Arrays.copyOf(lengths, frameCount * 2);
        }
        offsets[frameCount] = offset;
        lengths[frameCount] = length;
        frameCount++;
    }

    /**
     * Between reads: gives the pooled buffer back, keeping a small pending tail in the carry. A large
     * pending message keeps its buffer, which it needs whole.
     */
    void park() {
        if (buffer == null || buffer == carry) {
            return;
        }
        int pending = writeIndex - messageStart;
        if (pending == 0) {
            release();
        } else if (pending <= carryBytes) {
            // Also the first bytes of a large message: a peer that announces megabytes and stops holds a
            // carry, not a receive buffer.
            if (carry == null) {
                carry = pool.takeSized(carryBytes);
                if (carry == null) {
                    return;
                }
            }
            ByteBuffer lent = buffer;
            moveTo(carry);
            pool.giveBack(lent);
        }
    }

    /**
     * Makes room at the end of the buffer for the next read: takes a pooled buffer, moves the
     * incomplete message to the front, grows a full buffer for a message larger than it, or goes back
     * to a pooled buffer once the large message is done. The common case moves nothing. Null when the
     * budget has no room for the buffer needed; nothing has changed then.
     */
    private ByteBuffer prepareForRead() {
        wantedBytes = pool.bufferBytes();
        if (buffer == null) {
            buffer = pool.take();
            return buffer;
        }
        if (buffer == carry) {
            ByteBuffer pooled = pool.take();
            if (pooled == null) {
                return null;
            }
            moveTo(pooled);
        }
        int capacity = buffer.capacity();
        int standard = pool.bufferBytes();
        int pending = writeIndex - messageStart;
        if (capacity > standard && pendingNeed <= standard / 2 && pending <= standard / 2) {
            ByteBuffer pooled = pool.take();
            if (pooled != null) {
                ByteBuffer grown = buffer;
                moveTo(pooled);
                pool.giveBack(grown);
            }
        } else if (messageStart > 0
                && (messageStart + pendingNeed > capacity || capacity - writeIndex < capacity / 4)) {
            moveTo(buffer);
        }
        if (writeIndex == buffer.capacity()) {
            // Full with one incomplete message: grow to what its headers announce (within the maximum).
            wantedBytes = (int) Math.min(Math.max(pendingNeed, writeIndex + MAX_HEADER), Integer.MAX_VALUE - 8);
            ByteBuffer grown = pool.takeSized(wantedBytes);
            if (grown == null) {
                return null;
            }
            ByteBuffer full = buffer;
            moveTo(grown);
            pool.giveBack(full);
        }
        return buffer;
    }

    /** Copies the unconsumed bytes to the front of {@code target} and shifts every position with them. */
    private void moveTo(ByteBuffer target) {
        int shift = messageStart;
        buffer.limit(writeIndex).position(messageStart);
        if (target == buffer) {
            buffer.compact();
        } else {
            target.clear();
            target.put(buffer);
            buffer = target;
        }
        for (int i = 0; i < frameCount; i++) {
            offsets[i] -= shift;
        }
        messageStart = 0;
        scanPos -= shift;
        writeIndex -= shift;
    }
}
