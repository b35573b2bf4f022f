package ziggy.client;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The parts of dotted keys ("response.status" is "response", "status"), split once and kept: applications
 * use a small set of literal keys, and cutting them up on every {@code set} would allocate a string per part
 * per event. The cache stops growing at {@link #MAX_KEYS} (say, keys made from request data), after which
 * keys are split afresh each time, so its memory stays bounded.
 *
 * <p>In front of the map, a small table found by identity: a key an application passes as a literal is
 * the same String every time, and comparing references is cheaper than the map's hash and equals (the
 * map lookup was 8 % of an application thread's samples at 400,000 events/s). Its slots are written
 * racily, which is safe: each holds an immutable {@link Split}, and a lost write only costs a map lookup.
 */
final class DottedKeys {
    static final int MAX_KEYS = 4096;
    private static final int RECENT_SLOTS = 256;
    private static final ConcurrentHashMap<String, String[]> PARTS = new ConcurrentHashMap<>();
    private static final Split[] RECENT = new Split[RECENT_SLOTS];

    private record Split(String key, String[] parts) {
    }

    private DottedKeys() {
    }

    /** The parts of a key that contains a '.', in order (empty parts kept, as Python's split does). */
    static String[] parts(String dotted) {
        int slot = dotted.hashCode() & (RECENT_SLOTS - 1);
        Split recent = RECENT[slot];
        if (recent != null && recent.key() == dotted) {
            return recent.parts();
        }
        String[] parts = PARTS.get(dotted);
        if (parts == null) {
            parts = dotted.split("\\.", -1);
            if (PARTS.size() < MAX_KEYS) {
                PARTS.putIfAbsent(dotted, parts);
            }
        } else if (recent == null) {
            // Filled once, by a key seen twice: keys made afresh per event do not churn the table.
            RECENT[slot] = new Split(dotted, parts);
        }
        return parts;
    }
}
