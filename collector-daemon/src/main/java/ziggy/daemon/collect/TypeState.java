package ziggy.daemon.collect;

import ziggy.daemon.stats.Tally;

/** What the collect thread keeps per event type, made once when the type is first seen. */
final class TypeState<T> {
    final byte[] name;
    final T perType;
    final Tally tally;

    TypeState(byte[] name, T perType, Tally tally) {
        this.name = name;
        this.perType = perType;
        this.tally = tally;
    }
}
