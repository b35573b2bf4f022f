package ziggy.protocol.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Kafka topic as {@code --forward}, {@code --collect-kafka} and ziggyview's {@code --kafka} name it: the brokers to
 * bootstrap from and the topic.
 *
 * @param bootstrap the brokers as Kafka's {@code bootstrap.servers} takes them ({@code host:port,host:port})
 * @param topic     the topic, of Kafka's legal characters
 */
public record KafkaTarget(String bootstrap, String topic) {
    public static final String SCHEME = "kafka://";
    /** Kafka's own rule for a topic name. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    /** Whether {@code forward} names a Kafka target rather than upstream daemons. */
    public static boolean isKafka(String forward) {
        return forward != null && forward.startsWith(SCHEME);
    }

    /**
     * Parses {@code kafka://HOST:PORT[,HOST:PORT…]/TOPIC}.
     *
     * @throws BadEndpointException with a one-line message naming {@code option}
     */
    public static KafkaTarget parse(String forward, String option) {
        if (!isKafka(forward)) {
            throw new BadEndpointException(option + ": '" + forward + "' is not of the form kafka://HOST:PORT[,HOST:PORT…]/TOPIC");
        }
        String rest = forward.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new BadEndpointException(option + ": '" + forward + "' names no topic; expected kafka://HOST:PORT[,HOST:PORT…]/TOPIC");
        }
        String topic = rest.substring(slash + 1);
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new BadEndpointException(option + ": '" + topic + "' is not a Kafka topic name (1-249 of A-Z a-z 0-9 . _ -)");
        }
        List<String> brokers = new ArrayList<>();
        for (String broker : rest.substring(0, slash).split(",", -1)) {
            Endpoint endpoint = Endpoint.parse(broker, option);
            if (endpoint.isAnyHost()) {
                throw new BadEndpointException(option + ": '" + broker + "' needs a broker's host, not *");
            }
            brokers.add(broker);
        }
        return new KafkaTarget(String.join(",", brokers), topic);
    }

    @Override
    public String toString() {
        return SCHEME + bootstrap + "/" + topic;
    }
}
