package ziggy.bench.load;

import java.util.Arrays;
import java.util.Locale;

/** p50, p90, p99 and max of a run's latencies, in milliseconds; all NaN when nothing arrived. */
record LatencyPercentiles(long samples, double p50, double p90, double p99, double max) {

    static LatencyPercentiles of(int[] micros) {
        if (micros.length == 0) {
            return new LatencyPercentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new LatencyPercentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99),
                sorted[sorted.length - 1] / 1000.0);
    }

    /** The nearest-rank percentile. */
    private static double at(int[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1000.0;
    }

    String describe() {
        return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%,d events)",
                p50, p90, p99, max, samples);
    }
}
