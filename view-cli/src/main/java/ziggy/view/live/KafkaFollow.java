package ziggy.view.live;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.BSONException;

import ziggy.cli.CommandFailure;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.view.events.EventPipeline;

/**
 * {@code ziggyview --kafka}: follows the Kafka topic that agents forward to and a group of masters consumes, the
 * one place that holds every event when several masters split it (each master's stream has only its partitions'
 * events). It reads as a bystander: no consumer group, nothing committed, so the masters' offsets are untouched;
 * every partition the topic has at the start, from its end (new events only) or, with {@code fromBeginning}, from
 * the first record Kafka keeps.
 *
 * <p>The consumer is made, used and closed by the thread in {@link #run()}; {@link #stop()} only sets a flag.
 */
public final class KafkaFollow {
    private static final Duration POLL = Duration.ofMillis(LiveStream.PAUSE_MILLIS);
    /**
     * The Kafka client's own log (its settings at INFO, a warning per failed connection while the brokers are away)
     * would bury the events on a terminal: only its errors are shown, and ziggyview says itself what went wrong.
     * Held here because java.util.logging keeps its loggers weakly.
     */
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");

    private final KafkaTarget topic;
    private final boolean fromBeginning;
    private final Duration answerTimeout;
    private final EventPipeline pipeline;
    private final RateLimitedLog badEvents;
    private volatile boolean stopping;

    public KafkaFollow(KafkaTarget topic, boolean fromBeginning, Duration answerTimeout, EventPipeline pipeline,
                       PrintStream errors) {
        KAFKA_LOG.setLevel(java.util.logging.Level.SEVERE);
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.answerTimeout = answerTimeout;
        this.pipeline = pipeline;
        this.badEvents = LiveStream.stderrLog(errors);
    }

    /** Asks {@link #run()} to return within a fraction of a second; safe from any thread. */
    public void stop() {
        stopping = true;
    }

    /** Prints the topic's events until {@link #stop()} or until the pipeline wants no more. */
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitionsOf(consumer);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (!print(record)) {
                        return;
                    }
                }
                pipeline.flush();
            }
        } catch (KafkaException e) {
            throw new CommandFailure("--kafka " + topic + ": " + e.getMessage());
        } finally {
            pipeline.flush();
        }
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic.topic(), answerTimeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new CommandFailure("--kafka " + topic + ": no answer from the brokers within " + answerTimeout.toMillis() + " ms");
        }
        if (infos == null || infos.isEmpty()) {
            throw new CommandFailure("--kafka " + topic + ": the brokers know no topic " + topic.topic());
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private Properties config() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrap());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ziggyview");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Making the topic, and its number of partitions, is the operator's decision, not a reader's.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(answerTimeout.toMillis()));
        return config;
    }

    /** False when the pipeline wants no more events. */
    private boolean print(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return true;
        }
        try {
            return pipeline.offer(record.value());
        } catch (BSONException e) {
            badEvents.log(Level.WARNING, "not_bson", "a record that is not a BSON document was skipped (" + record.topic()
                    + "/" + record.partition() + " offset " + record.offset() + ")");
            return true;
        }
    }
}
