package ziggy.forward;

import java.nio.file.Path;
import java.time.Duration;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;

/**
 * A child process for kill -9 tests: opens the queue in {@code args[0]} and forwards it to the upstream
 * with collect port {@code args[1]} and control port {@code args[2]} on 127.0.0.1, until killed.
 */
public final class ForwarderMain {
    private ForwarderMain() {
    }

    public static void main(String[] args) throws Exception {
        DiskQueue queue = DiskQueue.open(Path.of(args[0]), QueueOptions.of(256L << 20, FullPolicy.BLOCK, FsyncPolicy.DEFAULT));
        QueueForwarder forwarder = new QueueForwarder(queue,
                Upstream.parseAll("127.0.0.1:" + args[1], "127.0.0.1:" + args[2]),
                // A small window paces the backlog by acknowledgements, so a test can kill it half way.
                new ForwarderOptions(1000, 1 << 20, 3000, Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofMillis(100),
                        Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        forwarder.start();
        System.out.println("forwarding");
        System.out.flush();
        Thread.currentThread().join();
    }
}
