package ziggy.view.live;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.zeromq.ZContext;

/**
 * A peer that announces a 1 GiB frame gets its connection dropped by ziggyview's stream socket,
 * instead of a 1 GiB allocation and a wait for the rest. (The control port's REQ sockets have their
 * limit too; JeroMQ's REQ happens to drop such a reply even without one, so no test tells them apart.)
 */
class MessageSizeLimitTest {
    @Test
    void aStreamPortAnnouncingAGigabyteEventIsDroppedAndNothingIsReceived() throws InterruptedException {
        try (GiantFrameAnnouncer peer = new GiantFrameAnnouncer("PUB");
                ZContext context = new ZContext(1);
                StreamSubscription subscription = new StreamSubscription(context, "127.0.0.1", peer.port(), "", 50, () -> { })) {
            // Each greeting JeroMQ abandons costs its 1 s handshake limit and a redial first: on a loaded machine 3 s
            // was once too little to reach the announcement at all.
            assertTrue(peer.droppedWithin(Duration.ofSeconds(15)), "the connection stayed open after the announcement");
            assertTrue(subscription.receive() == null);
        }
    }
}
