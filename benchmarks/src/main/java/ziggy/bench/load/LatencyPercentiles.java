package ziggy.bench.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * p50, p90, p99 and max of a run's latencies, in milliseconds (all NaN when nothing arrived), and the
 * worst latency of each second of the run, which shows whether a tail is spread or one stall.
 */
record LatencyPercentiles(long samples, double p50, double p90, double p99, double max, int[] worstMicrosBySecond) {

    static LatencyPercentiles of(int[] micros, int[] worstMicrosBySecond) {
        if (micros.length == 0) {
            return new LatencyPercentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, worstMicrosBySecond);
        }
        int[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new LatencyPercentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99),
                sorted[sorted.length - 1] / 1000.0, worstMicrosBySecond);
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

    /** The worst latency of each second, in whole milliseconds, in order: {@code 101 98 480 …}. */
    String describeSeconds() {
        StringJoiner seconds = new StringJoiner(" ");
        for (int worst : worstMicrosBySecond) {
            seconds.add(Long.toString(Math.round(worst / 1000.0)));
        }
        return seconds.toString();
    }
}
