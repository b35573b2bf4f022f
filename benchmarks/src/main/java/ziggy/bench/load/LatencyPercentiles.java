package ziggy.bench.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * p50, p90, p99 and max of a run's measured latencies, in milliseconds (all NaN when nothing arrived),
 * and the worst latency of each second of the run, warm-up included, which shows whether a tail is
 * spread or one stall.
 */
record LatencyPercentiles(long samples, double p50, double p90, double p99, double max, int[] worstMicrosBySecond,
                          int warmupSeconds) {

    static LatencyPercentiles of(int[] micros, int[] worstMicrosBySecond, int warmupSeconds) {
        if (micros.length == 0) {
            return new LatencyPercentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, worstMicrosBySecond,
                    warmupSeconds);
        }
        int[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new LatencyPercentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99),
                sorted[sorted.length - 1] / 1000.0, worstMicrosBySecond, warmupSeconds);
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

    /** The worst latency of each second in whole milliseconds, a bar after the warm-up: {@code 480 98 | 101 97 …}. */
    String describeSeconds() {
        StringJoiner seconds = new StringJoiner(" ");
        for (int second = 0; second < worstMicrosBySecond.length; second++) {
            if (second == warmupSeconds && second > 0) {
                seconds.add("|");
            }
            seconds.add(Long.toString(Math.round(worstMicrosBySecond[second] / 1000.0)));
        }
        return seconds.toString();
    }
}
