package ziggy.daemon.agent;

import java.nio.file.Path;
import java.util.List;

import ziggy.forward.Forwarder;
import ziggy.forward.ForwarderOptions;
import ziggy.forward.KafkaForwarder;
import ziggy.forward.KafkaForwarderOptions;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.forward.QueueForwarder;
import ziggy.forward.Upstream;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.QueueOptions;

/**
 * What an agent is told: where its queue lives and how it behaves, and where it forwards to: upstream
 * daemons, or a Kafka topic.
 *
 * @param queuePath the queue folder ({@code --queue-path})
 * @param queue     size, full policy and fsync policy of the queue
 * @param upstreams the upstreams in failover order ({@code --forward}, {@code --forward-control}); empty
 *                  when forwarding to Kafka
 * @param forwarder batch sizes and timings
 * @param kafka     the topic of {@code --forward=kafka://…}; null when forwarding to upstream daemons
 */
public record ForwardSettings(Path queuePath, QueueOptions queue, List<Upstream> upstreams, ForwarderOptions forwarder,
                              KafkaTarget kafka) {

    /** Forwarding to upstream daemons. */
    public ForwardSettings(Path queuePath, QueueOptions queue, List<Upstream> upstreams, ForwarderOptions forwarder) {
        this(queuePath, queue, upstreams, forwarder, null);
    }

    /** The forwarder that drains {@code queue} to where these settings say. */
    public Forwarder newForwarder(DiskQueue queue) {
        return kafka != null ? new KafkaForwarder(queue, kafka, KafkaForwarderOptions.defaults())
                : new QueueForwarder(queue, upstreams, forwarder);
    }

    /** Where events go, for the start-up log line. */
    public String destination() {
        return kafka != null ? kafka.toString() : upstreams.toString();
    }
}
