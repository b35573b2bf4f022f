package ziggy.forward;

import java.nio.file.Path;
import ziggy.protocol.endpoint.KafkaTarget;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;

/**
 * A child process for kill -9 tests: opens the queue in {@code args[0]} and forwards it to
 * {@code kafka://args[1]/args[2]}, until killed.
 */
public final class KafkaForwarderMain {
    private KafkaForwarderMain() {
    }

    public static void main(String[] args) throws Exception {
        DiskQueue queue = DiskQueue.open(Path.of(args[0]), QueueOptions.of(256L << 20, FullPolicy.BLOCK, FsyncPolicy.DEFAULT));
        // A small window paces the backlog by acknowledgements, so a test can kill it half way.
        KafkaForwarder forwarder = new KafkaForwarder(queue, new KafkaTarget(args[1], args[2]),
                KafkaForwarderOptions.defaults().withMaxInFlight(500));
        forwarder.start();
        System.out.println("forwarding");
        System.out.flush();
        Thread.currentThread().join();
    }
}
