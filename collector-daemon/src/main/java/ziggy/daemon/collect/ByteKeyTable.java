package ziggy.daemon.collect;

import java.nio.ByteBuffer;

/**
 * A map from byte strings to values that looks keys up straight from a buffer region, so that
 * finding the state of an event's type or host costs a hash over its bytes and one comparison,
 * never a String. Open addressing with linear probing, at most half full. One thread only.
 */
final class ByteKeyTable<V> {
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
        for (int i = 0; i < length; i++) {
            if (key[i] != buffer.get(offset + i)) {
                return false;
            }
        }
        return true;
    }

    /** FNV-1a over the bytes, then a final mix so that linear probing sees well-spread low bits. */
    static int hash(ByteBuffer buffer, int offset, int length) {
        int h = 0x811C9DC5;
        for (int i = 0; i < length; i++) {
            h = (h ^ (buffer.get(offset + i) & 0xFF)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
