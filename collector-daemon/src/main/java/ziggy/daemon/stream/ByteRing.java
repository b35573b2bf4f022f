package ziggy.daemon.stream;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded hand-off of (type, event) records from one producer thread to one consumer thread,
 * without locks: a byte array used as a circle, and two ever-growing positions. The producer alone
 * moves {@code tail}, the consumer alone moves {@code head}; each publishes with a release store.
 *
 * <p>Record layout at a position (little-endian ints, wrapping around the array's end):
 * <pre>
 * int32 typeLength | int32 eventLength | type bytes | event bytes
 * </pre>
 *
 * <p>The stream's hand-off, and ziggyd's {@code --stdout} writer's ({@code ziggy.daemon.stdout}).
 */
public final class ByteRing {
    private static final int HEADER = 8;

    private final byte[] ring;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    /** The producer's last look at {@code head}, so that it reads the shared one only when it seems full. */
    private long headSeen;

    /** {@code capacity} is rounded up to a power of two. */
    public ByteRing(int capacity) {
        int size = Integer.highestOneBit(Math.max(1024, capacity) - 1) << 1;
        ring = new byte[size];
        mask = size - 1;
    }

    public int capacity() {
        return ring.length;
    }

    /** Any thread: the bytes of the records waiting now, headers included. */
    public long heldBytes() {
        return Math.max(0, tail.get() - head.get());
    }

    /** Producer: adds one record, or returns false when it does not fit now. */
    public boolean offer(byte[] type, ByteBuffer source, int offset, int length) {
        long size = (long) HEADER + type.length + length;
        long at = tail.get();
        if (at + size - headSeen > ring.length) {
            headSeen = head.get();
            if (at + size - headSeen > ring.length) {
                return false;
            }
        }
        putInt(at, type.length);
        putInt(at + 4, length);
        putBytes(at + HEADER, type, 0, type.length);
        long eventAt = at + HEADER + type.length;
        int index = (int) (eventAt & mask);
        int first = Math.min(length, ring.length - index);
        source.get(offset, ring, index, first);
        if (first < length) {
            source.get(offset + first, ring, 0, length - first);
        }
        tail.lazySet(at + size);
        return true;
    }

    /** What the consumer receives: a record's two parts as fresh arrays it may keep. */
    public interface Consumer {
        void accept(byte[] type, byte[] event);
    }

    /** Consumer: hands every record present now to {@code consumer}; returns how many. */
    public int drain(Consumer consumer) {
        long at = head.get();
        long end = tail.get();
        int records = 0;
        while (at < end) {
            int typeLength = getInt(at);
            int eventLength = getInt(at + 4);
            byte[] type = getBytes(at + HEADER, typeLength);
            byte[] event = getBytes(at + HEADER + typeLength, eventLength);
            at += HEADER + typeLength + eventLength;
            // Free the space before sending, so the producer never waits on the socket.
            head.lazySet(at);
            consumer.accept(type, event);
            records++;
        }
        return records;
    }

    private void putInt(long at, int value) {
        for (int i = 0; i < 4; i++) {
            ring[(int) ((at + i) & mask)] = (byte) (value >>> (8 * i));
        }
    }

    private int getInt(long at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (ring[(int) ((at + i) & mask)] & 0xFF) << (8 * i);
        }
        return value;
    }

    private void putBytes(long at, byte[] bytes, int from, int length) {
        int index = (int) (at & mask);
        int first = Math.min(length, ring.length - index);
        System.arraycopy(bytes, from, ring, index, first);
        System.arraycopy(bytes, from + first, ring, 0, length - first);
    }

    private byte[] getBytes(long at, int length) {
        byte[] out = new byte[length];
        int index = (int) (at & mask);
        int first = Math.min(length, ring.length - index);
        System.arraycopy(ring, index, out, 0, first);
        System.arraycopy(ring, 0, out, first, length - first);
        return out;
    }
}
