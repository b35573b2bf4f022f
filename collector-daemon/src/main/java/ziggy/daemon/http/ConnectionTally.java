package ziggy.daemon.http;

import java.util.concurrent.atomic.AtomicLong;

/** The running counts behind {@link ConnectionCounts}: written on the event-loop thread, read from any. */
final class ConnectionTally {
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong idleClosed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong acceptFailures = new AtomicLong();

    void shed() {
        shed.incrementAndGet();
    }

    void refused() {
        refused.incrementAndGet();
    }

    void idleClosed() {
        idleClosed.incrementAndGet();
    }

    void timedOut() {
        timedOut.incrementAndGet();
    }

    void acceptFailed() {
        acceptFailures.incrementAndGet();
    }

    ConnectionCounts snapshot(int open) {
        return new ConnectionCounts(open, shed.get(), refused.get(), idleClosed.get(), timedOut.get(), acceptFailures.get());
    }
}
