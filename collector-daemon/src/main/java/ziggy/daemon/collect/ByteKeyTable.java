package ziggy.daemon.collect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A map from byte strings to values that looks keys up straight from a buffer region, so that
 * finding the state of an event's type or host costs a hash over its bytes and one comparison,
 * never a String. Open addressing with linear probing, at most half full. One thread only.
 *
 * <p>Both the hash and the comparison take eight bytes at a time: with two lookups per event, a
 * byte-at-a-time hash and compare were 15 % of the master's collect thread (JFR, one pyzmq sender).
 */
final class ByteKeyTable<V> {
    private static final VarHandle KEY_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[][] keys = new byte[64][];
    private int[] hashes = new int[64];
    private Object[] values = new Object[64];
    private int size;

    int size() {
        return size;
    }

    /** The value stored under the bytes {@code buffer[offset, offset + length)}, or null. */
    @SuppressWarnings("unchecked")
    V get(ByteBuffer buffer, int offset, int length) {
        int hash = hash(buffer, offset, length);
        int mask = keys.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            byte[] key = keys[slot];
            if (key == null) {
                return null;
            }
            if (hashes[slot] == hash && sameBytes(key, buffer, offset, length)) {
                return (V) values[slot];
            }
        }
    }

    /** Stores a value under a key that is not in the table yet. */
    void put(byte[] key, V value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(key, hash(ByteBuffer.wrap(key), 0, key.length), value);
        size++;
    }

    private void insert(byte[] key, int hash, Object value) {
        int mask = keys.length - 1;
        int slot = hash & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        hashes[slot] = hash;
        values[slot] = value;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        hashes = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldHashes[i], oldValues[i]);
            }
        }
    }

    private static boolean sameBytes(byte[] key, ByteBuffer buffer, int offset, int length) {
        if (key.length != length) {
            return false;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            if ((long) KEY_LONGS.get(key, i) != littleEndianLong(buffer, offset + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (key[i] != buffer.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * FNV-1a's step over eight bytes at a time (then the rest one by one), and MurmurHash3's 64-bit
     * finalizer, so that linear probing sees well-spread low bits.
     */
    static int hash(ByteBuffer buffer, int offset, int length) {
        long h = 0xCBF29CE484222325L ^ length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            h = (h ^ littleEndianLong(buffer, offset + i)) * 0x100000001B3L;
        }
        for (; i < length; i++) {
            h = (h ^ (buffer.get(offset + i) & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The eight bytes at {@code offset} read as little-endian, whatever the buffer's own order. */
    private static long littleEndianLong(ByteBuffer buffer, int offset) {
        long value = buffer.getLong(offset);
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? value : Long.reverseBytes(value);
    }
}
