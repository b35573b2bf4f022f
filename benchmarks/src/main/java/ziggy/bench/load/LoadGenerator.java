package ziggy.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a run of events over K connections, one thread each, and measures it from the daemon's side:
 * its STATUS counts, its stream's arrival times and, when asked, its day files. The events are
 * pre-encoded ({@link EventTemplates}), so each costs the sender a copy and three patches.
 */
public final class LoadGenerator {
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(2);
    private static final int SUBSCRIBE_ATTEMPTS = 4;
    private static final long STREAM_QUIET_MILLIS = 1_000;

    private final LoadSettings settings;
    private final EventTemplates templates;
    private final long runTag = new SecureRandom().nextInt() & 0xFFFF_FFFFL;

    public LoadGenerator(LoadSettings settings) {
        this.settings = settings;
        this.templates = EventTemplates.of(settings.mix(), settings.size(), "ziggy-bench");
    }

    public LoadReport run() throws IOException, InterruptedException {
        long[] perConnection = new long[settings.connections()];
        for (int i = 0; i < perConnection.length; i++) {
            perConnection[i] = settings.eventsOn(i);
        }
        DayFileCheck files = null;
        long fileBytesBefore = 0;
        if (settings.checkLogPath() != null) {
            if (!Files.isDirectory(settings.checkLogPath())) {
                throw new IOException("--check-files: no such folder " + settings.checkLogPath());
            }
            files = new DayFileCheck(settings.checkLogPath(), templates, runTag, perConnection);
            fileBytesBefore = files.dayFileBytes();
        }
        try (StatusWatch watch = new StatusWatch(settings.control())) {
            DaemonTotals before = watch.totals();
            StreamLatency stream = settings.latency() ? subscribe(watch, before) : null;
            try {
                List<ConnectionSender> senders = new ArrayList<>();
                List<ZmtpPushConnection> connections = new ArrayList<>();
                try {
                    for (int i = 0; i < perConnection.length; i++) {
                        ZmtpPushConnection connection = ZmtpPushConnection.open(settings.collect());
                        connections.add(connection);
                        senders.add(new ConnectionSender(connection, templates, runTag, i, perConnection[i],
                                settings.rate() / settings.connections()));
                    }
                    return measure(watch, before, senders, stream, files, fileBytesBefore);
                } finally {
                    for (ZmtpPushConnection connection : connections) {
                        connection.close();
                    }
                }
            } finally {
                if (stream != null) {
                    stream.close();
                }
            }
        }
    }

    private LoadReport measure(StatusWatch watch, DaemonTotals before, List<ConnectionSender> senders,
                               StreamLatency stream, DayFileCheck files, long fileBytesBefore)
            throws IOException, InterruptedException {
        List<Thread> threads = new ArrayList<>();
        if (stream != null) {
            stream.begin(System.currentTimeMillis() / 1000.0, settings.warmup());
        }
        long start = System.nanoTime();
        for (int i = 0; i < senders.size(); i++) {
            Thread thread = new Thread(senders.get(i), "ziggy-bench-send-" + i);
            thread.start();
            threads.add(thread);
        }
        long goal = before.events() + settings.events();
        StatusWatch.Sample done = watch.awaitEvents(events -> events >= goal || allStopped(threads), settings.stall());
        if (done.totals().events() < goal) {
            // The senders stopped or stalled: give the daemon the stall time to count what they sent.
            done = watch.awaitEvents(events -> events >= goal, settings.stall());
        }
        long senderEnd = System.nanoTime();
        long sent = 0;
        String failure = null;
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).join();
            sent += senders.get(i).sent();
            if (senders.get(i).failure() != null && failure == null) {
                failure = "connection " + i + " failed: " + senders.get(i).failure().getMessage();
            }
        }
        DaemonTotals taken = done.totals().since(before);
        if (failure == null && taken.events() < settings.events()) {
            failure = "the daemon counted " + taken.events() + " of " + settings.events() + " events and then stopped counting for "
                    + settings.stall().toSeconds() + " s";
        }
        LatencyPercentiles latency = null;
        if (stream != null) {
            // The stream may lag the count: wait while events still arrive on it.
            long received = -1;
            while (stream.received() < taken.events() && stream.received() > received) {
                received = stream.received();
                Thread.sleep(STREAM_QUIET_MILLIS);
            }
            latency = stream.stop(Duration.ofSeconds(1));
            taken = watch.totals().since(before);
        }
        DayFileCheck.Result checked = null;
        if (files != null) {
            files.awaitBytes(fileBytesBefore + settings.events() * templates.size(), settings.stall());
            checked = files.check();
        }
        double seconds = (done.nanoTime() - start) / 1e9;
        return new LoadReport(sent, taken, seconds, (senderEnd - start) / 1e9, latency, checked, failure);
    }

    private static boolean allStopped(List<Thread> threads) {
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** A subscriber whose subscription the daemon has seen (STATUS counts it), before any event goes. */
    private StreamLatency subscribe(StatusWatch watch, DaemonTotals before) throws InterruptedException {
        String address = "tcp://" + watch.endpoint().zmqHost() + ":" + watch.streamPort();
        StreamLatency stream = new StreamLatency(address, templates, runTag);
        for (int attempt = 1; attempt <= SUBSCRIBE_ATTEMPTS; attempt++) {
            long deadline = System.nanoTime() + SUBSCRIBE_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (watch.totals().subscriptions() > before.subscriptions()) {
                    stream.start();
                    return stream;
                }
                Thread.sleep(20);
            }
            stream.redial();
        }
        stream.close();
        throw new IllegalStateException("the stream subscription never reached the daemon at " + address);
    }
}
