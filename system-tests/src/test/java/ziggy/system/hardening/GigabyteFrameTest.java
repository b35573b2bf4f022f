package ziggy.system.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.system.tools.Launchers;
import ziggy.testing.FreePort;
import ziggy.testing.RawZmtpPeer;
import ziggy.testing.RealDaemon;

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

    private final int httpPort = FreePort.pick();

    @Test
    void aReqPeerAnnouncingAGigabyteOnTheControlPortIsCutOffAndTheDaemonWorksOn() throws IOException {
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 0);
             RawZmtpPeer attacker = RawZmtpPeer.handshaken(controlPort(daemon), "REQ")) {
            attacker.announce(ONE_GIB, 0);
            attacker.send(new byte[] {'{', 'c', 'm', 'd'});
            assertTrue(attacker.closedWithin(5_000), "the daemon hangs up on the 1 GiB request");

            AfterTheAttack.assertStillCollecting(daemon, httpPort, "request", 1000);
            AfterTheAttack.assertStopsCleanly(daemon);
        }
    }

    @Test
    void aSubPeerAnnouncingAGigabyteOnTheStreamPortIsCutOffAndTheDaemonWorksOn() throws IOException {
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 0);
             RawZmtpPeer attacker = RawZmtpPeer.handshaken(streamPort(daemon), "SUB")) {
            attacker.announce(ONE_GIB, 0);
            attacker.send(new byte[] {1, 'r', 'e', 'q'});
            assertTrue(attacker.closedWithin(5_000), "the daemon hangs up on the 1 GiB subscription");

            AfterTheAttack.assertStillCollecting(daemon, httpPort, "request", 1000);
            AfterTheAttack.assertStopsCleanly(daemon);
        }
    }

    private static int controlPort(RealDaemon daemon) {
        return Integer.parseInt(daemon.control().substring(daemon.control().lastIndexOf(':') + 1));
    }

    /** The live stream's port, from STATUS. */
    private static int streamPort(RealDaemon daemon) {
        return AfterTheAttack.answeredStatus(daemon).getDocument("stream").getNumber("port").intValue();
    }
}
