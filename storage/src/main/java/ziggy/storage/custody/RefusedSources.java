package ziggy.storage.custody;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names of sources whose batches were refused lately for want of room in the table of sources, so that
 * {@code COMMITTED} can tell their forwarders why nothing they send is acknowledged: otherwise an agent sees
 * only silence, and its operator a resend every few seconds with no cause given.
 *
 * <p>At most {@link #MOST} names, the least recently refused forgotten first: a peer inventing ids fills it
 * with its own, and an agent refused with them is named again at its next resend. Written by the collect
 * thread, read by the control thread.
 */
final class RefusedSources {
    static final int MOST = 1024;

    private final Map<String, Boolean> names = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MOST;
        }
    };

    synchronized void refused(String name) {
        names.put(name, Boolean.TRUE);
    }

    synchronized void taken(String name) {
        names.remove(name);
    }

    synchronized boolean contains(String name) {
        return names.containsKey(name);
    }
}
