package ziggy.storage.queue;

/**
 * A queue's figures for STATUS, taken at one moment.
 *
 * @param bytes               bytes held: segment files plus the append buffer
 * @param events              events not yet acknowledged (gaps left by damage count as events)
 * @param oldestUnackedMillis roughly how long ago the oldest unacknowledged event was appended (within
 *                            about 100 ms while running; after a restart, measured from its segment's
 *                            creation, so an upper bound); 0 when every event is acknowledged
 * @param segments            segment files
 * @param dropped             events deleted unacknowledged by {@code drop-oldest}
 * @param corrupt             events lost to damage: bad records skipped, segments unreadable or missing
 * @param rejected            events refused by {@link DiskQueue#append}: too large, the disk full or failing,
 *                            or a blocked append interrupted or closed
 * @param truncatedBytes      bytes of torn tails cut at start-up
 * @param nextSeq             the seq the next appended event gets
 * @param writtenSeq          the highest seq handed to the OS (survives a kill -9)
 * @param syncedSeq           the highest seq fsynced (survives a power loss)
 * @param acknowledgedSeq     the highest seq the upstream acknowledged
 * @param fsyncs              fsyncs of segment data since the queue opened (none under {@code never})
 * @param fsyncNanos          the time those fsyncs took, in all: with {@code fsyncs}, their mean, which an
 *                            agent's forwarding latency follows (records are forwarded once fsynced)
 */
public record QueueStats(long bytes, long events, long oldestUnackedMillis, int segments, long dropped, long corrupt,
                         long rejected, long truncatedBytes, long nextSeq, long writtenSeq, long syncedSeq,
                         long acknowledgedSeq, long fsyncs, long fsyncNanos) {
}
