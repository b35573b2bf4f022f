package ziggy.daemon.agent;

import java.nio.file.Path;
import java.util.List;

import ziggy.forward.ForwarderOptions;
import ziggy.forward.Upstream;
import ziggy.storage.queue.QueueOptions;

/**
 * What an agent is told: where its queue lives and how it behaves, and where it forwards to.
 *
 * @param queuePath the queue folder ({@code --queue-path})
 * @param queue     size, full policy and fsync policy of the queue
 * @param upstreams the upstreams in failover order ({@code --forward}, {@code --forward-control})
 * @param forwarder batch sizes and timings
 */
public record ForwardSettings(Path queuePath, QueueOptions queue, List<Upstream> upstreams, ForwarderOptions forwarder) {
}
