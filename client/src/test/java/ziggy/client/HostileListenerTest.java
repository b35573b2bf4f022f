package ziggy.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import ziggy.testing.RawZmtpPeer;

/** Whoever listens on the daemon's port cannot make the application allocate what it announces. */
class HostileListenerTest {

    @AfterEach
    void unconfigure() {
        Ziggy.close();
    }

    @Test
    void aListenerAnnouncingAGibibyteFrameIsDroppedByTheClientNotAllocated() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Ziggy.configure("127.0.0.1", listener.getLocalPort());
            try (RawZmtpPeer hostile = RawZmtpPeer.accept(listener, "PULL")) {
                hostile.announce(1L << 30, 100);

                // Without a limit JeroMQ allocates the gibibyte and waits for it, keeping the connection.
                assertTrue(hostile.closedWithin(5_000), "the client's JeroMQ closes the connection on the claim");
            }
        }
    }
}
