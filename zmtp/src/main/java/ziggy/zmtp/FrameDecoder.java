package ziggy.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.function.Consumer;

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
 * message larger than the buffer moves once into a buffer grown for it. A message over the maximum
 * is never buffered: its bytes are dropped as they arrive.
 *
 * <p>Between reads, a connection keeps no large buffer unless it is in the middle of a large message:
 * with nothing pending the buffer goes back to the pool, and a small pending tail (the start of the
 * next event, a partial greeting) moves into the connection's own small carry buffer and back into a
 * pooled buffer before the next read. So memory follows the reads in progress, one at a time on this
 * thread, not the number of connections, and a thousand slow peers cost a thousand carries, not a
 * thousand receive buffers. Used only from the I/O thread.
 */
final class FrameDecoder {
    static final int FLAG_MORE = 0x01;
    static final int FLAG_LONG = 0x02;
    static final int FLAG_COMMAND = 0x04;
    /** The longest frame header: flags and an 8-byte size. */
    static final int MAX_HEADER = 9;
    /** Commands are READY's metadata and PINGs: small. A larger one is refused, not buffered. */
    static final int MAX_COMMAND_BYTES = 64 * 1024;

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

    /** Message frames are a protocol error until the peer's READY has been accepted. */
    void allowMessages() {
        messagesAllowed = true;
    }

    /** Reads once from {@code channel} into the free end of the buffer; the channel's result. */
    int readFrom(ReadableByteChannel channel) throws IOException {
        ByteBuffer target = prepareForRead();
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

    /** True when bytes of a message have arrived but not the whole of it. */
    boolean hasPartialMessage() {
        return skipping || writeIndex > messageStart;
    }

    /** Received bytes of the incomplete message, for the log line that reports it lost. */
    long partialMessageBytes() {
        return skipping ? skippedBytes - skipRemaining : writeIndex - messageStart;
    }

    /**
     * Parses every complete frame that has arrived, calls {@code handler} for each complete message and
     * {@code commands} for each command, and returns how many messages were handed on.
     */
    int decode(MessageHandler handler, CommandSink commands) throws PeerRefusal {
        if (buffer == null) {
            return 0;
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
                    counters.oversizedMessage();
                    log.log(System.Logger.Level.WARNING, "oversized", "peer " + peer + " sent a message of " + skippedBytes
                            + " bytes, over the maximum of " + maxMessageBytes + " bytes or " + maxFrames
                            + " frames; skipped");
                    try {
                        handler.onOversizedMessage(skippedBytes);
                    } catch (RuntimeException bug) {
                        handlerFailures.accept(bug);
                    }
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
                if (size < 0) {
                    throw new PeerRefusal(RefusalReason.PROTOCOL_ERROR, "a frame size of 2^63 bytes or more");
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
                // Drop the frames parsed so far with the rest of the message, as the bytes arrive.
                skipping = true;
                skippedBytes = sizeSoFar;
                skipRemaining = size;
                skipMore = (flags & FLAG_MORE) != 0;
                frameCount = 0;
                messageBytes = 0;
                p += header;
                messageStart = p;
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

    /** Gives the buffer back to the pool; the connection is closing. */
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
        } else if (pending <= carryBytes && pendingNeed <= carryBytes) {
            ByteBuffer lent = buffer;
            if (carry == null) {
                carry = ByteBuffer.allocateDirect(carryBytes);
            }
            moveTo(carry);
            pool.giveBack(lent);
        }
    }

    /**
     * Makes room at the end of the buffer for the next read: takes a pooled buffer, moves the
     * incomplete message to the front, grows the buffer for a message larger than it, or goes back to
     * a pooled buffer once the large message is done. The common case moves nothing.
     */
    private ByteBuffer prepareForRead() {
        if (buffer == null) {
            buffer = pool.take();
            return buffer;
        }
        if (buffer == carry) {
            moveTo(pool.take());
        }
        int capacity = buffer.capacity();
        int standard = pool.bufferBytes();
        int pending = writeIndex - messageStart;
        if (pendingNeed > capacity) {
            long doubled = Math.min(2L * capacity, Integer.MAX_VALUE - 8);
            moveTo(ByteBuffer.allocateDirect((int) Math.max(pendingNeed, doubled)));
        } else if (capacity > standard && pendingNeed <= standard / 2 && pending <= standard / 2) {
            ByteBuffer grown = buffer;
            moveTo(pool.take());
            pool.giveBack(grown);
        } else if (messageStart > 0
                && (messageStart + pendingNeed > capacity || capacity - writeIndex < capacity / 4)) {
            moveTo(buffer);
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
