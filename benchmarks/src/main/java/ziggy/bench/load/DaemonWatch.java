package ziggy.bench.load;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.security.CurveClientKeys;

/**
 * Measures a daemon fed by someone else (a libzmq sender, an agent draining its backlog): waits for
 * its STATUS count to grow by N and reports the rate from the first event it saw counted to the
 * last, so that the time before the sender started is left out. With a log path, also checks that
 * the day files grew by exactly the bytes the daemon counted.
 *
 * <p>Both ends of the measured time are the daemon's own clock (STATUS {@code last}, when it took the
 * newest event counted), so the watch can ask rarely while the daemon works: STATUS every 10 ms cost a
 * fresh master about a quarter of its rate on two cores (1.09-1.28 M events/s unwatched against
 * 0.73-0.92 M watched, 2 M events, 4 runs each), the reply built on its control thread and the watch's
 * own JVM competing with the collect thread. It asks every 10 ms only until the count first moves.
 */
public final class DaemonWatch {
    /** How often the watch asks once events flow: rarely, for the reason above. */
    static final Duration POLL_WHILE_COUNTING = Duration.ofMillis(250);

    private final Endpoint control;
    private final CurveClientKeys curve;
    private final long events;
    private final Path checkLogPath;
    private final Duration stall;

    /** {@code curve}: null for a plain control port, else the keys to ask it over CURVE with. */
    public DaemonWatch(Endpoint control, CurveClientKeys curve, long events, Path checkLogPath, Duration stall) {
        this.control = control;
        this.curve = curve;
        this.events = events;
        this.checkLogPath = checkLogPath;
        this.stall = stall;
    }

    /** Prints {@code ready} once the starting count is known, then the report; true when all N arrived. */
    public boolean run(PrintWriter out) throws IOException, InterruptedException {
        try (StatusWatch watch = new StatusWatch(control, curve)) {
            DaemonTotals before = watch.totals();
            long filesBefore = checkLogPath == null ? 0 : DayFiles.bytesIn(checkLogPath);
            out.println("ready");
            out.flush();
            StatusWatch.Sample first = awaitFirst(watch, before);
            long goal = before.events() + events;
            StatusWatch.Sample last = watch.awaitEvents(count -> count >= goal, stall, POLL_WHILE_COUNTING);
            DaemonTotals taken = last.totals().since(before);
            DaemonTotals measured = last.totals().since(first.totals());
            double seconds = measuredSeconds(first, last);
            boolean complete = taken.events() == events && taken.rejected() == 0 && taken.lostEvents() == 0;
            out.printf(Locale.ROOT, "daemon took %,d events, %,d bytes; %,d of them in %.3f s after the first was counted: %,.0f events/s, %.1f MB/s%n",
                    taken.events(), taken.bytes(), measured.events(), seconds, measured.events() / seconds,
                    measured.bytes() / seconds / 1e6);
            String filesVerdict = "";
            if (checkLogPath != null) {
                long grown = DayFiles.awaitBytes(checkLogPath, filesBefore + taken.bytes(), stall) - filesBefore;
                filesVerdict = " file_bytes=" + grown + " files=" + (grown == taken.bytes() ? "exact" : "wrong");
                complete &= grown == taken.bytes();
                out.printf(Locale.ROOT, "day files grew by %,d bytes, the daemon counted %,d%n", grown, taken.bytes());
            }
            out.printf(Locale.ROOT, "result taken=%d seconds=%.3f events_per_s=%.0f mb_per_s=%.1f rejected=%d lost=%d%s complete=%b%n",
                    taken.events(), seconds, measured.events() / seconds, measured.bytes() / seconds / 1e6,
                    taken.rejected(), taken.lostEvents(), filesVerdict, complete);
            out.flush();
            return complete;
        }
    }

    /**
     * From the daemon's receive time of the newest event at {@code first} to that at {@code last}; the
     * watch's own clock only when those give no interval (all taken within one millisecond).
     */
    static double measuredSeconds(StatusWatch.Sample first, StatusWatch.Sample last) {
        double daemonSeconds = last.totals().lastReceive() - first.totals().lastReceive();
        if (Double.isFinite(daemonSeconds) && daemonSeconds > 0) {
            return daemonSeconds;
        }
        return (last.nanoTime() - first.nanoTime()) / 1e9;
    }

    /** The first poll at which the count has moved, so the rate leaves out the wait for a sender. */
    private StatusWatch.Sample awaitFirst(StatusWatch watch, DaemonTotals before) throws InterruptedException {
        // The sender may take a while to start: the stall limit applies only once counting has begun.
        return watch.awaitEvents(count -> count > before.events(), Duration.ofMinutes(10));
    }
}
