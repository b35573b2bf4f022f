package ziggy.system.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.testing.RawZmtpPeer;

/**
 * One peer that finishes the ZMTP handshake on a JeroMQ port and announces a 1 GiB frame (then sends a
 * few bytes of it and stays): JeroMQ's decoder compares the size with the socket's maximum before
 * allocating, so it hangs up on that peer, and nothing else changes. Before the maximums, the daemon's
 * only I/O thread died of OutOfMemoryError, which silenced STATUS, SHUTDOWN, COMMITTED and the stream
 * for good and hung SIGTERM.
 */
class GigabyteFrameTest {
    private static final long ONE_GIB = 1L << 30;

    @TempDir
    Path logPath;

    @Test
    void aReqPeerAnnouncingAGigabyteOnTheControlPortIsCutOffAndTheDaemonWorksOn() throws Exception {
        try (AttackedMaster master = new AttackedMaster(logPath);
             RawZmtpPeer attacker = RawZmtpPeer.handshaken(master.controlPort(), "REQ")) {
            attacker.announce(ONE_GIB, 0);
                attacker.send(new byte[] {'{', 'c', 'm', 'd'});
            assertTrue(attacker.closedWithin(5_000), "the daemon hangs up on the 1 GiB request");

            master.assertStillWorks();
            master.assertStopsCleanly();
        }
    }

    @Test
    void aSubPeerAnnouncingAGigabyteOnTheStreamPortIsCutOffAndTheDaemonWorksOn() throws Exception {
        try (AttackedMaster master = new AttackedMaster(logPath);
             RawZmtpPeer attacker = RawZmtpPeer.handshaken(master.streamPort(), "SUB")) {
            attacker.announce(ONE_GIB, 0);
                attacker.send(new byte[] {1, 'r', 'e', 'q'});
            assertTrue(attacker.closedWithin(5_000), "the daemon hangs up on the 1 GiB subscription");

            master.assertStillWorks();
            master.assertStopsCleanly();
        }
    }
}
