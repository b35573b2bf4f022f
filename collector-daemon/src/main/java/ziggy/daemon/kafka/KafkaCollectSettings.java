package ziggy.daemon.kafka;

import java.util.regex.Pattern;

import ziggy.protocol.endpoint.KafkaTarget;

/**
 * {@code --collect-kafka=kafka://HOST:PORT[,HOST:PORT…]/TOPIC --kafka-group=NAME}: the topic a master consumes
 * and the consumer group its masters share.
 *
 * @param target the brokers and the topic
 * @param group  the consumer group: masters of one group split the topic's partitions
 */
public record KafkaCollectSettings(KafkaTarget target, String group) {
    public static final String DEFAULT_GROUP = "ziggyd";
    /** What Kafka takes as a group id, less what would make a log line or a file name awkward. */
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    public KafkaCollectSettings {
        if (!GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("--kafka-group: '" + group + "' is not a group name (1-249 of A-Z a-z 0-9 . _ -)");
        }
    }

    @Override
    public String toString() {
        return target + " in group " + group;
    }
}
