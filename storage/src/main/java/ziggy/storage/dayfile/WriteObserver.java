package ziggy.storage.dayfile;

import java.io.IOException;

/**
 * Told by the {@link DayFileWriter}, on the collect thread, how its writes went, for metrics and health.
 * It must return at once: it runs on the collect path, once per buffer written (never once per event).
 */
public interface WriteObserver {
    /** Observes nothing. */
    WriteObserver NONE = new WriteObserver() {
        @Override
        public void written(int events, long bytes, long nanos) {
        }

        @Override
        public void flushed(long nanos) {
        }

        @Override
        public void synced(long nanos) {
        }

        @Override
        public void failed(int lostEvents, IOException cause) {
        }
    };

    /** {@code events} events ({@code bytes} bytes) reached one day file in one write that took {@code nanos}. */
    void written(int events, long bytes, long nanos);

    /** One pass writing every day file that had buffered events (the periodic flush, or the last one) took {@code nanos}. */
    void flushed(long nanos);

    /** One day file was fsynced (before a forwarder's batch is acknowledged), which took {@code nanos}. */
    void synced(long nanos);

    /** A write to a day file failed and {@code lostEvents} events were lost with it (the writer counts and logs them too). */
    void failed(int lostEvents, IOException cause);
}
