package ziggy.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An event body (or a document nested in one): keys in the order first set, each with one value.
 *
 * <p>One array of key, value, key, value... and a linear search rather than a hash map: a body has a
 * handful of keys, and this keeps an event's allocation small (the hot path's budget is 1 KiB per event):
 * one object and one array, sized for a typical body at first so that filling one rarely copies.
 * A closed context's body and its nested documents go back to the closing thread's {@link SpareFields}
 * and are filled again by its next contexts, so a thread that has sent a few events allocates none of these.
 *
 * <p>Dotted keys are split by the callers ({@link DottedKeys}) and walked with {@link #nested}, so
 * {@code set("response.status", 200)} stores {@code {response: {status: 200}}}, as Ziggy's {@code set_deep}
 * does. Not thread-safe: its {@link Context} guards it.
 */
final class Fields {
    /** Room for an event body's keys before it grows: most bodies have under eight. */
    static final int BODY_KEYS = 8;
    /** Room in a document nested by a dotted key, which usually holds two or three. */
    static final int NESTED_KEYS = 4;

    private Object[] pairs;
    private int size;

    Fields(int expectedKeys) {
        pairs = new Object[2 * expectedKeys];
    }

    int size() {
        return size;
    }

    /** The keys it holds before it grows. */
    int capacity() {
        return pairs.length / 2;
    }

    /** Empties it for another event, dropping its references to the application's values. */
    void clear() {
        Arrays.fill(pairs, 0, 2 * size, null);
        size = 0;
    }

    String keyAt(int i) {
        return (String) pairs[2 * i];
    }

    Object valueAt(int i) {
        return pairs[2 * i + 1];
    }

    Object get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : pairs[2 * i + 1];
    }

    void put(String key, Object value) {
        int i = indexOf(key);
        if (i >= 0) {
            pairs[2 * i + 1] = value;
        } else {
            insert(key, value);
        }
    }

    private void insert(String key, Object value) {
        if (2 * size == pairs.length) {
            pairs = Arrays.copyOf(pairs, Math.max(4, pairs.length * 2));
        }
        pairs[2 * size] = key;
        pairs[2 * size + 1] = value;
        size++;
    }

    /**
     * The document under {@code key}, made if absent. A map the application set there earlier is copied
     * into a new document (its own object is never changed); any other value there is replaced.
     */
    Fields nested(String key) {
        Object existing = get(key);
        if (existing instanceof Fields fields) {
            return fields;
        }
        Fields made = PerThread.get().spares.nested();
        if (existing instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                made.put(String.valueOf(entry.getKey()), entry.getValue());
            }
        }
        put(key, made);
        return made;
    }

    /** Adds a number to the number under {@code key}; a missing or non-numeric value is replaced. */
    void add(String key, Number amount) {
        Object existing = get(key);
        put(key, existing instanceof Number number ? Numbers.sum(number, amount) : amount);
    }

    /**
     * Appends to the list under {@code key}: a missing value becomes {@code [value]}, a list the application
     * set is copied (never changed) and extended, and a single value {@code v} becomes {@code [v, value]}.
     */
    void append(String key, Object value) {
        Object existing = get(key);
        if (existing instanceof AppendedList list) {
            list.add(value);
            return;
        }
        AppendedList list = new AppendedList();
        if (existing instanceof List<?> earlier) {
            list.addAll(earlier);
        } else if (existing != null || indexOf(key) >= 0) {
            list.add(existing);
        }
        list.add(value);
        put(key, list);
    }

    private int indexOf(String key) {
        // Keys are mostly literals, met again as the same object; the cached hash then settles a
        // mismatch without comparing characters.
        int hash = key.hashCode();
        for (int i = 0; i < size; i++) {
            String candidate = (String) pairs[2 * i];
            if (candidate == key || (candidate.hashCode() == hash && candidate.equals(key))) {
                return i;
            }
        }
        return -1;
    }

    /** A list this library made by {@link #append}, so further appends may extend it in place. */
    static final class AppendedList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }
}
