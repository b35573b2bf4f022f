package ziggy.daemon.kafka;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import ziggy.daemon.collect.ConsumedPartitions;
import ziggy.daemon.collect.ConsumedRecord;
import ziggy.daemon.collect.EventHandOff;
import ziggy.forward.KafkaForwarder;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.logging.RateLimitedLog;

/**
 * {@code --collect-kafka}: a consumer in the masters' group that reads the topic's records on a thread of its own
 * and leaves each in the collect thread's hand-off ({@link ConsumedRecord}), which takes it as a forwarder's
 * batch event. Kafka's committed offsets are not what a master resumes from: the offsets it resumes from are
 * kept in its commit journal with the day files' lengths ({@link ConsumedPartitions#offsetMark}), so a master
 * killed with -9 reads again exactly what its files lost. It commits those durable offsets to Kafka too, every
 * second and before it lets a partition go, so that the next owner of a partition starts where this one's files
 * end and a monitor sees the group's lag.
 *
 * <p>On an assignment, each partition starts at the later of the journal's offset and Kafka's committed one (the
 * journal is ahead after a crash; Kafka is ahead when another master wrote the partition since). On a revocation
 * (a rebalance, or this master stopping), it waits until what it handed over of those partitions is durable, at
 * most {@link #REVOKE_WAIT}, commits, and drops what is still in the hand-off for them.
 */
public final class KafkaCollector implements AutoCloseable {
    private static final Logger LOG = System.getLogger(KafkaCollector.class.getName());
    /** How long a revocation waits for the records handed over to be in the files and the journal. */
    static final Duration REVOKE_WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long COMMIT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long REWIND_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long ERROR_PAUSE_MILLIS = 1000;
    private static final long OFFER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** No heartbeat sent for this long (none is sent without a coordinator): out of the group, as far as STATUS and the health check say. */
    private static final double HEARTBEAT_SECONDS = 10;
    private static final Duration UNHEALTHY_AFTER = Duration.ofSeconds(30);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private final KafkaCollectSettings settings;
    private final EventHandOff<ConsumedRecord> handOff;
    private final ConsumedPartitions partitions;
    private final ToLongFunction<String> durableOffset;
    private final int maxMessageBytes;
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private Thread thread;

    /**
     * Consumer thread only: the partitions owned; per partition ever owned, its latest generation (kept after it
     * goes, so that a partition that comes back starts a later one); per partition owned, the offset after the last
     * record handed over, and what Kafka holds committed.
     */
    private final Set<TopicPartition> owned = new HashSet<>();
    /** Assigned, paused until their start offsets are known. */
    private final Set<TopicPartition> unplaced = new HashSet<>();
    private final Map<TopicPartition, Long> generations = new HashMap<>();
    private final Map<TopicPartition, Long> readOffsets = new HashMap<>();
    private final Map<TopicPartition, Long> committedToKafka = new HashMap<>();
    private final Map<TopicPartition, PendingRewind> rewinds = new HashMap<>();
    private long nextCommitNanos;
    /** When the group last gave this master its partitions (none: {@code Long.MIN_VALUE}). */
    private long joinedNanos = Long.MIN_VALUE;

    /** What STATUS shows, from any thread. */
    private final KafkaCollectStatus status;

    public KafkaCollector(KafkaCollectSettings settings, EventHandOff<ConsumedRecord> handOff, ConsumedPartitions partitions,
                          ToLongFunction<String> durableOffset, int maxMessageBytes) {
        this.settings = settings;
        this.handOff = handOff;
        this.partitions = partitions;
        this.durableOffset = durableOffset;
        this.maxMessageBytes = maxMessageBytes;
        this.consumer = new KafkaConsumer<>(consumerConfig(settings), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.status = new KafkaCollectStatus(settings, partitions);
    }

    private static Properties consumerConfig(KafkaCollectSettings settings) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.target().bootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ziggyd-" + settings.group());
        // The journal decides where to resume; Kafka's offsets are committed by hand, after it.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Making the topic, and its number of partitions, is the operator's decision, not a reader's.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // A group that never committed starts at the beginning: a new master loses nothing already in the topic.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Memory, within a master's heap: at most this much fetched at once, across partitions and per partition
        // (one record larger still comes, alone); what is fetched waits in the consumer until polled.
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(1024 * 1024));
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /** Starts the consumer's thread, made by {@code threads} (the daemon's watched factory). */
    public void start(ThreadFactory threads) {
        thread = threads.newThread(this::run);
        thread.setName("ziggy-kafka-consumer");
        thread.start();
    }

    /** STATUS's {@code kafka} section and the health check's view. */
    public KafkaCollectStatus status() {
        return status;
    }

    /** For {@code /healthcheck}: empty while the consumer is in its group, or was within the last 30 s. */
    public Optional<String> problem() {
        return status.problem(UNHEALTHY_AFTER);
    }

    private void run() {
        consumer.subscribe(List.of(settings.target().topic()), new Rebalance());
        try {
            while (running) {
                try {
                    step();
                } catch (WakeupException | InterruptException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    status.error(e);
                    rateLimited.log(Level.WARNING, "poll", "consuming " + settings + ": " + e + "; trying again in 1 s");
                    pause(ERROR_PAUSE_MILLIS);
                }
            }
        } finally {
            // Leaving the group revokes what this master owns: the listener commits what is durable first.
            try {
                consumer.close(CloseOptions.timeout(CLOSE_WAIT));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the Kafka consumer of " + settings + ": " + e);
            }
        }
    }

    private void step() {
        long now = System.nanoTime();
        placeAssigned();
        applyRewinds(now);
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        consumer.poll(POLL).forEach(read::add);
        for (ConsumerRecord<byte[], byte[]> record : read) {
            if (!handOver(record)) {
                return;
            }
        }
        handOff.signal();
        if (now - nextCommitNanos >= 0) {
            nextCommitNanos = now + COMMIT_EVERY_NANOS;
            commitDurable(owned, false);
            status.update(views(), inGroup(now));
        }
    }

    /** Leaves {@code record} in the hand-off, waiting while it is full; false when the daemon stops meanwhile. */
    private boolean handOver(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (!owned.contains(partition)) {
            return true; // revoked in this very poll
        }
        ConsumedRecord consumed = toConsumed(name(partition), record, generations.get(partition));
        try {
            while (!handOff.offerWithoutSignal(consumed, OFFER_WAIT_NANOS)) {
                if (!running) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        readOffsets.put(partition, record.offset() + 1);
        return true;
    }

    private ConsumedRecord toConsumed(String partition, ConsumerRecord<byte[], byte[]> record, long generation) {
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return ConsumedRecord.refused(partition, record.offset(), generation, RejectReason.EMPTY, 0);
        }
        if (value.length > maxMessageBytes) {
            return ConsumedRecord.refused(partition, record.offset(), generation, RejectReason.OVERSIZED, value.length);
        }
        Header source = record.headers().lastHeader(KafkaForwarder.SOURCE_HEADER);
        Header seq = record.headers().lastHeader(KafkaForwarder.SEQ_HEADER);
        if (source == null && seq == null) {
            return ConsumedRecord.event(partition, record.offset(), generation, value, null, 0);
        }
        String sourceText = source == null || source.value() == null ? null : new String(source.value(), StandardCharsets.UTF_8);
        long seqValue = seq == null ? -1 : decimal(seq.value());
        if (BatchHeader.sourceProblem(sourceText) != null || seqValue <= 0) {
            return ConsumedRecord.refused(partition, record.offset(), generation, RejectReason.BAD_KAFKA_HEADERS, value.length);
        }
        return ConsumedRecord.event(partition, record.offset(), generation, value, sourceText, seqValue);
    }

    /** A positive decimal number of at most 18 digits, or -1. */
    static long decimal(byte[] digits) {
        if (digits == null || digits.length == 0 || digits.length > 18) {
            return -1;
        }
        long value = 0;
        for (byte digit : digits) {
            if (digit < '0' || digit > '9') {
                return -1;
            }
            value = value * 10 + (digit - '0');
        }
        return value;
    }

    /**
     * The collect thread declined a record (its store could not take it): after a pause, so a full disk is not
     * read in a loop, the partition is read again from that record under a new generation.
     */
    private void applyRewinds(long now) {
        for (ConsumedPartitions.Rewind asked; (asked = partitions.nextRewind()) != null; ) {
            TopicPartition partition = partitionOf(asked.partition());
            if (owned.contains(partition) && asked.generation() == generations.get(partition) + 1
                    && !rewinds.containsKey(partition)) {
                consumer.pause(List.of(partition));
                rewinds.put(partition, new PendingRewind(asked, now + REWIND_PAUSE_NANOS));
            }
        }
        rewinds.entrySet().removeIf(entry -> {
            PendingRewind pending = entry.getValue();
            if (now - pending.dueNanos < 0) {
                return false;
            }
            TopicPartition partition = entry.getKey();
            if (owned.contains(partition)) {
                consumer.seek(partition, pending.rewind.offset());
                generations.put(partition, pending.rewind.generation());
                readOffsets.put(partition, pending.rewind.offset());
                consumer.resume(List.of(partition));
                status.rewound();
            }
            return true;
        });
    }

    /** Commits to Kafka each partition's offset as the journal holds it, where it moved; synchronously before a revocation. */
    private void commitDurable(Collection<TopicPartition> partitionsToCommit, boolean wait) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitionsToCommit) {
            // Only a placed partition: another's journal offset may be behind what Kafka has, and must not move it back.
            Long kafka = committedToKafka.get(partition);
            long durable = durableOffset.applyAsLong(ConsumedPartitions.offsetMark(name(partition)));
            if (owned.contains(partition) && kafka != null && durable > kafka) {
                offsets.put(partition, new OffsetAndMetadata(durable));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (wait) {
            consumer.commitSync(offsets, CLOSE_WAIT);
            offsets.forEach((partition, offset) -> committedToKafka.put(partition, offset.offset()));
        } else {
            consumer.commitAsync(offsets, (done, failure) -> {
                if (failure == null) {
                    done.forEach((partition, offset) -> committedToKafka.merge(partition, offset.offset(), Math::max));
                } else {
                    rateLimited.log(Level.WARNING, "commit", "committing offsets to Kafka: " + failure
                            + " (the journal keeps them; this master resumes from it)");
                }
            });
        }
    }

    /**
     * Starts each partition assigned and not placed yet at the later of the journal's offset and Kafka's committed
     * one; when Kafka does not answer, they stay paused and the next turn tries again.
     */
    private void placeAssigned() {
        if (unplaced.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = consumer.committed(new HashSet<>(unplaced), CLOSE_WAIT);
        } catch (KafkaException e) {
            status.error(e);
            rateLimited.log(Level.WARNING, "committed", "reading the committed offsets of " + unplaced + ": " + e
                    + "; they wait, paused, and are asked for again");
            return;
        }
        for (TopicPartition partition : unplaced) {
            String name = name(partition);
            long journal = durableOffset.applyAsLong(ConsumedPartitions.offsetMark(name));
            OffsetAndMetadata kafka = committed.get(partition);
            long kafkaOffset = kafka == null ? 0 : kafka.offset();
            long start = Math.max(journal, kafkaOffset);
            if (start > 0) {
                consumer.seek(partition, start);
            }
            owned.add(partition);
            partitions.takeFrom(name, generations.merge(partition, 1L, Long::sum));
            committedToKafka.put(partition, kafkaOffset);
            readOffsets.remove(partition);
            LOG.log(Level.INFO, "took " + name + " from offset " + start + " (journal " + journal + ", Kafka " + kafkaOffset + ")");
        }
        consumer.resume(unplaced);
        unplaced.clear();
        status.update(views(), true);
    }

    /** Waits until the records handed over of {@code revoked} are durable, or the wait ends, or they were declined. */
    private void awaitDurable(Collection<TopicPartition> revoked) {
        long deadline = System.nanoTime() + REVOKE_WAIT.toNanos();
        for (TopicPartition partition : revoked) {
            Long read = readOffsets.get(partition);
            if (read == null || !owned.contains(partition)) {
                continue;
            }
            String name = name(partition);
            long generation = generations.get(partition);
            while (durableOffset.applyAsLong(ConsumedPartitions.offsetMark(name)) < read
                    && !partitions.declinedSince(name, generation) && !rewinds.containsKey(partition)) {
                if (System.nanoTime() - deadline > 0) {
                    LOG.log(Level.WARNING, "letting " + name + " go before records up to offset " + (read - 1)
                            + " were in the day files (waited " + REVOKE_WAIT.toSeconds() + " s); its next owner reads them again");
                    break;
                }
                pause(5);
            }
        }
    }

    private List<KafkaCollectStatus.PartitionView> views() {
        List<KafkaCollectStatus.PartitionView> views = new ArrayList<>();
        for (TopicPartition partition : owned) {
            String name = name(partition);
            long lag = consumer.currentLag(partition).orElse(-1);
            views.add(new KafkaCollectStatus.PartitionView(name,
                    durableOffset.applyAsLong(ConsumedPartitions.offsetMark(name)),
                    readOffsets.getOrDefault(partition, -1L), lag));
        }
        return views;
    }

    /**
     * Whether the consumer is in its group: it sent a heartbeat within {@link #HEARTBEAT_SECONDS} (it sends none
     * while it has no coordinator), or it joined that recently and has sent none yet.
     */
    private boolean inGroup(long now) {
        double ago = heartbeatSecondsAgo();
        if (Double.isFinite(ago)) {
            return ago < HEARTBEAT_SECONDS;
        }
        return joinedNanos != Long.MIN_VALUE && now - joinedNanos < TimeUnit.SECONDS.toNanos((long) HEARTBEAT_SECONDS);
    }

    /** Seconds since the consumer last sent its group a heartbeat; infinite before the first. */
    private double heartbeatSecondsAgo() {
        for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
            if (metric.getKey().name().equals("last-heartbeat-seconds-ago")) {
                Object value = metric.getValue().metricValue();
                if (value instanceof Number number && number.doubleValue() >= 0) {
                    return number.doubleValue();
                }
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static String name(TopicPartition partition) {
        return partition.topic() + "/" + partition.partition();
    }

    private static TopicPartition partitionOf(String name) {
        int slash = name.lastIndexOf('/');
        return new TopicPartition(name.substring(0, slash), Integer.parseInt(name.substring(slash + 1)));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading: what was handed over and its partitions' offsets are committed as the consumer leaves its group. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(CLOSE_WAIT.toMillis() + REVOKE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.log(Level.ERROR, "the Kafka consumer did not stop in time; its partitions' next owner reads from the"
                        + " offsets Kafka has");
            }
        } else {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    private record PendingRewind(ConsumedPartitions.Rewind rewind, long dueNanos) {
    }

    /** Runs on the consumer thread, inside {@code poll} and {@code close}. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            awaitDurable(revoked);
            try {
                commitDurable(revoked, true);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "committing the offsets of " + revoked + " before letting them go: " + e
                        + "; their next owner may write again what this master wrote since its last commit");
            }
            forget(revoked);
            status.rebalanced();
            LOG.log(Level.INFO, "let go of " + revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            LOG.log(Level.WARNING, "lost " + lost + " (out of the group): records read but not yet written are dropped;"
                    + " their next owner reads them");
            forget(lost);
            status.rebalanced();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            joinedNanos = System.nanoTime();
            if (assigned.isEmpty()) {
                return;
            }
            // Paused until placed: without its start offsets a partition would be read from Kafka's, which may be
            // behind this master's files.
            consumer.pause(assigned);
            unplaced.addAll(assigned);
            placeAssigned();
        }

        /** The partitions are another master's now: what is left of them in the hand-off is dropped. */
        private void forget(Collection<TopicPartition> gone) {
            unplaced.removeAll(gone);
            for (TopicPartition partition : gone) {
                if (owned.remove(partition)) {
                    partitions.takeFrom(name(partition), generations.merge(partition, 1L, Long::sum));
                }
                readOffsets.remove(partition);
                committedToKafka.remove(partition);
                rewinds.remove(partition);
            }
            status.update(views(), true);
        }
    }
}
