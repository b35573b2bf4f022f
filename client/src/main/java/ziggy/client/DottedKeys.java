package ziggy.client;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The parts of dotted keys ("response.status" is "response", "status"), split once and kept: applications
 * use a small set of literal keys, and cutting them up on every {@code set} would allocate a string per part
 * per event. The cache stops growing at {@link #MAX_KEYS} (say, keys made from request data), after which
 * keys are split afresh each time, so its memory stays bounded.
 */
final class DottedKeys {
    static final int MAX_KEYS = 4096;
    private static final ConcurrentHashMap<String, String[]> PARTS = new ConcurrentHashMap<>();

    private DottedKeys() {
    }

    /** The parts of a key that contains a '.', in order (empty parts kept, as Python's split does). */
    static String[] parts(String dotted) {
        String[] parts = PARTS.get(dotted);
        if (parts == null) {
            parts = dotted.split("\\.", -1);
            if (PARTS.size() < MAX_KEYS) {
                PARTS.putIfAbsent(dotted, parts);
            }
        }
        return parts;
    }
}
