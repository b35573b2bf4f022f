package ziggy.daemon.collect;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the Kafka consumer's thread and the collect thread share about the partitions consumed.
 *
 * <p>Where a partition's records were taken to is a source mark ({@link #offsetMark}): the next offset to
 * consume, kept durably in the commit journal with the day files' lengths, so that a master killed with -9
 * resumes at the very record its files end after. An agent's {@code (ziggy-src, ziggy-seq)} headers are marked
 * per partition ({@link #sourceMark}): the agent's seqs rise within one partition only (its events are keyed
 * by type, so one agent writes to several partitions at once). Both names start with a control character,
 * which no forwarder's source id may hold, so no peer can move them.
 *
 * <p>When the collect thread declines a record (the store cannot take it), it stops taking that partition's
 * records of that generation and asks the consumer to read the partition again from the declined offset
 * ({@link #nextRewind}); the consumer seeks there with a new generation. The consumer also starts a new
 * generation on each assignment and revocation, so records read under an earlier ownership are dropped.
 */
public final class ConsumedPartitions {
    private static final String RESERVED = "\u0001";
    private static final String OFFSET_MARK = RESERVED + "kafka-offset ";

    /** The lowest generation of each partition the collect thread still takes. */
    private final Map<String, Long> lowestTaken = new ConcurrentHashMap<>();
    private final Queue<Rewind> rewinds = new ConcurrentLinkedQueue<>();
    /** Records taken in (written, dropped as resends, or refused): their offsets are consumed. */
    final LongAdder records = new LongAdder();
    /** Records dropped because the consumer had left their generation (they come again, or are another master's). */
    final LongAdder superseded = new LongAdder();
    /** Records the store could not take: their partition is read again from them. */
    final LongAdder declined = new LongAdder();

    /** The source mark of a partition's next offset to consume. */
    public static String offsetMark(String partition) {
        return OFFSET_MARK + partition;
    }

    /** Whether {@code markName} is a partition's offset ({@link #offsetMark}): kept however long the partition is quiet. */
    public static boolean isOffsetMark(String markName) {
        return markName.startsWith(OFFSET_MARK);
    }

    /** The source mark of an agent's seqs within one partition. */
    static String sourceMark(String source, String partition) {
        return RESERVED + source + RESERVED + partition;
    }

    /** Consumer thread: from now on the collect thread takes only records of {@code partition} of {@code generation} or later. */
    public void takeFrom(String partition, long generation) {
        lowestTaken.merge(partition, generation, Math::max);
    }

    /** Whether the collect thread declined a record of {@code partition}'s {@code generation} (or left it otherwise). */
    public boolean declinedSince(String partition, long generation) {
        return lowestTaken.getOrDefault(partition, 0L) > generation;
    }

    /** Whether the collect thread takes {@code record}: its generation is not one the consumer left. */
    boolean takes(ConsumedRecord record) {
        return record.generation() >= lowestTaken.getOrDefault(record.partition(), 0L);
    }

    /** Collect thread: {@code record} was not taken; its partition is to be read again from it. */
    void decline(ConsumedRecord record) {
        long next = record.generation() + 1;
        takeFrom(record.partition(), next);
        declined.increment();
        rewinds.add(new Rewind(record.partition(), record.offset(), next));
    }

    /** Consumer thread: the oldest rewind asked for, or null. */
    public Rewind nextRewind() {
        return rewinds.poll();
    }

    public long records() {
        return records.sum();
    }

    public long superseded() {
        return superseded.sum();
    }

    public long declined() {
        return declined.sum();
    }

    /** Read {@code partition} again from {@code offset}, stamping what is read with {@code generation}. */
    public record Rewind(String partition, long offset, long generation) {
    }
}
