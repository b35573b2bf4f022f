package ziggy.forward;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;
import ziggy.testing.FreePort;
import ziggy.testing.RawZmtpPeer;

/** An upstream that is no Ziggy daemon: whatever it sends, the forwarder's PUSH socket never allocates it. */
class HostileUpstreamTest {
    @TempDir
    Path dir;

    @Test
    void anUpstreamAnnouncingAGigabyteFrameIsHungUpOnUnread() throws IOException {
        // COMMITTED waits 3 s on a control port where nothing answers: the connection is not given up for that meanwhile.
        ForwarderOptions patient = ForwarderOptions.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3));
        try (ServerSocket collect = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             DiskQueue queue = DiskQueue.open(dir.resolve("queue"), QueueOptions.of(64L << 20, FullPolicy.BLOCK,
                     FsyncPolicy.parse("never")));
             QueueForwarder forwarder = new QueueForwarder(queue, Upstream.parseAll("127.0.0.1:" + collect.getLocalPort(),
                     "127.0.0.1:" + FreePort.pick()), patient)) {
            forwarder.start();
            try (RawZmtpPeer upstream = RawZmtpPeer.accept(collect, "PULL")) {
                upstream.announce(1L << 30, 0);
                upstream.send(new byte[] {1, 2, 3});
                assertTrue(upstream.closedWithin(5_000),
                        "the forwarder hangs up on a 1 GiB frame (its PUSH socket receives no messages)");
            }
        }
    }
}
