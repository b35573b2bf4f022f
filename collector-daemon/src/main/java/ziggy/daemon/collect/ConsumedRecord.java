package ziggy.daemon.collect;

import ziggy.protocol.event.RejectReason;

/**
 * A record the Kafka consumer read, on its way to the collect thread.
 *
 * @param partition  {@code topic/partition}
 * @param offset     its offset in the partition
 * @param generation the consumer's count of seeks and assignments of the partition when it read the record: the
 *                   collect thread drops records of a generation the consumer has left ({@link ConsumedPartitions})
 * @param value      the event's bytes (empty for a record without a value, or one refused before it was kept)
 * @param source     the {@code ziggy-src} header, or null for a record without Ziggy's headers (taken as a plain
 *                   client's event, without a resend check)
 * @param seq        the {@code ziggy-seq} header; 0 without headers
 * @param refusal    why the consumer refused the record before the collect thread saw it (headers it cannot read,
 *                   a value past {@code --max-message-bytes}), or null
 * @param bytes      the value's size as read, for the counts
 */
public record ConsumedRecord(String partition, long offset, long generation, byte[] value, String source, long seq,
                             RejectReason refusal, int bytes) {

    /** A record whose value is to be taken in as an event. */
    public static ConsumedRecord event(String partition, long offset, long generation, byte[] value, String source, long seq) {
        return new ConsumedRecord(partition, offset, generation, value, source, seq, null, value.length);
    }

    /** A record refused for {@code reason}; its offset still counts as consumed. */
    public static ConsumedRecord refused(String partition, long offset, long generation, RejectReason reason, int bytes) {
        return new ConsumedRecord(partition, offset, generation, new byte[0], null, 0, reason, bytes);
    }

    /** What it holds in the hand-off: its value and some room for the rest. */
    int heldBytes() {
        return value.length + 64;
    }
}
