package ziggy.storage.queue;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ziggy.protocol.logging.RateLimitedLog;

/**
 * The queue's background thread: runs one sync (write the buffer, fsync unless the policy is
 * {@code never}) every period, so that records reach the disk and readers even while nothing else
 * flushes them. A failed sync is logged at most once a second and tried again next period; an
 * {@code Error} is handed to the thread's uncaught-exception handler (the daemon's watch) before it ends
 * the syncs, because an executor would otherwise keep it in the task's future and say nothing.
 */
final class SyncClock implements AutoCloseable {
    /** One sync; its {@link IOException} is expected on a failing disk, anything else is a bug. */
    interface Sync {
        void run() throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(DiskQueue.class.getName());
    private static final long STOP_WAIT_SECONDS = 10;

    private final ScheduledExecutorService executor;
    private final Sync sync;
    private final RateLimitedLog log;

    SyncClock(String threadName, long periodMillis, Sync sync, RateLimitedLog log) {
        this.sync = sync;
        this.log = log;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            sync.run();
        } catch (IOException e) {
            log.log(System.Logger.Level.ERROR, "background fsync failed", "queue: background fsync failed: " + e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "queue: background sync failed", e);
        } catch (Error e) {
            Thread self = Thread.currentThread();
            self.getUncaughtExceptionHandler().uncaughtException(self, e);
            throw e;
        }
    }

    /** Stops the clock, waiting for a sync under way to end (the queue's close does the last one itself). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "queue: a background sync still runs after "
                        + STOP_WAIT_SECONDS + " s; closing without it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
