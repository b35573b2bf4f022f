package ziggy.storage.queue;

import java.util.ArrayDeque;
import java.util.List;

/**
 * How long ago the oldest unacknowledged event was written, for STATUS: (last seq written, epoch ms)
 * samples, oldest first, at most one per {@value #SAMPLE_MILLIS} ms, so that it costs no memory per
 * event. Used under the queue's lock.
 */
final class OldestEventAge {
    private static final long SAMPLE_MILLIS = 100;

    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /** From the segments a queue holds at open: each one's last seq, at the time it was begun. */
    void startFrom(List<Segment> segments) {
        samples.clear();
        for (Segment segment : segments) {
            if (segment.records > 0) {
                samples.add(new long[] {segment.lastSeq, segment.createdMillis});
            }
        }
    }

    /** Records up to {@code writtenSeq} were written at {@code nowMillis}. */
    void written(long writtenSeq, long nowMillis) {
        long[] latest = samples.peekLast();
        if (latest == null || nowMillis - latest[1] >= SAMPLE_MILLIS) {
            samples.addLast(new long[] {writtenSeq, nowMillis});
        } else {
            latest[0] = writtenSeq;
        }
    }

    /** Everything up to {@code seq} is acknowledged: samples wholly below it go (the newest always stays). */
    void acknowledged(long seq) {
        while (samples.size() > 1 && samples.peekFirst()[0] <= seq) {
            samples.removeFirst();
        }
    }

    /** Milliseconds since the oldest event above {@code acknowledged} was written; 0 when none is. */
    long millis(long acknowledged, long nowMillis) {
        for (long[] sample : samples) {
            if (sample[0] > acknowledged) {
                return Math.max(0, nowMillis - sample[1]);
            }
        }
        return 0;
    }
}
