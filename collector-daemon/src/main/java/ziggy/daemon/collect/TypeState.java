package ziggy.daemon.collect;

import ziggy.daemon.stats.Tally;

/** What the collect thread keeps per event type, made once when the type is first seen. */
final class TypeState<T> {
    final byte[] name;
    final T perType;
    final Tally tally;
    /** Whether these are {@code ziggy.summary} events, whose latest bodies STATUS shows. */
    final boolean summary;

    TypeState(byte[] name, T perType, Tally tally) {
        this.name = name;
        this.perType = perType;
        this.tally = tally;
        this.summary = java.util.Arrays.equals(name, LatestSummaries.SUMMARY_TYPE.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
