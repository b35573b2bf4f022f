package ziggy.daemon.collect;

import ziggy.daemon.files.TypeFiles;
import ziggy.daemon.stats.Tally;

/** What the collect thread keeps per event type, made once when the type is first seen. */
final class TypeState {
    final byte[] name;
    final TypeFiles files;
    final Tally tally;

    TypeState(byte[] name, TypeFiles files, Tally tally) {
        this.name = name;
        this.files = files;
        this.tally = tally;
    }
}
