package ziggy.bench.load;

import java.util.Locale;

/**
 * What a load run measured. The rates are the daemon's: events and bytes counted by its STATUS,
 * from the first send until STATUS showed them all (or stopped moving).
 */
public record LoadReport(long sent, DaemonTotals taken, double seconds, double senderSeconds,
                         LatencyPercentiles latency, DayFileCheck.Result files, String failure) {

    public double eventsPerSecond() {
        return taken.events() / seconds;
    }

    public double megabytesPerSecond() {
        return taken.bytes() / seconds / 1e6;
    }

    /** The daemon took every event sent, rejected none, and the files (if checked) hold each once. */
    public boolean complete() {
        return failure == null && taken.events() == sent && taken.rejected() == 0 && taken.lostEvents() == 0
                && (files == null || files.exact());
    }

    /** Lines for people, then one {@code result} line of key=value pairs for scripts. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "sent %,d events in %.2f s (sender's side %,.0f/s)%n",
                sent, senderSeconds, sent / senderSeconds));
        out.append(String.format(Locale.ROOT, "daemon took %,d events, %,d bytes in %.3f s: %,.0f events/s, %.1f MB/s; rejected %d, lost %d%n",
                taken.events(), taken.bytes(), seconds, eventsPerSecond(), megabytesPerSecond(), taken.rejected(), taken.lostEvents()));
        if (latency != null) {
            out.append("latency from event end to the stream: ").append(latency.describe())
                    .append(String.format(Locale.ROOT, "; stream dropped %d%n", taken.streamDropped()))
                    .append("worst latency of each second (ms; warm-up | measured): ").append(latency.describeSeconds()).append('\n');
        }
        if (files != null) {
            out.append(String.format(Locale.ROOT, "day files: %,d of %,d events found once, %d missing, %d twice, %d other documents, %d damaged%n",
                    files.found(), files.expected(), files.missing(), files.duplicates(), files.foreign(), files.damaged()));
        }
        if (failure != null) {
            out.append("failure: ").append(failure).append('\n');
        }
        out.append(String.format(Locale.ROOT, "result events=%d taken=%d seconds=%.3f events_per_s=%.0f mb_per_s=%.1f rejected=%d lost=%d",
                sent, taken.events(), seconds, eventsPerSecond(), megabytesPerSecond(), taken.rejected(), taken.lostEvents()));
        if (latency != null) {
            out.append(String.format(Locale.ROOT, " latency_samples=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f",
                    latency.samples(), latency.p50(), latency.p90(), latency.p99(), latency.max()));
        }
        if (files != null) {
            out.append(" files=").append(files.exact() ? "exact" : "wrong");
        }
        out.append(" complete=").append(complete());
        return out.toString();
    }
}
