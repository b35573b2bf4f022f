package ziggy.system.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.system.tools.Launchers;
import ziggy.testing.FreePort;
import ziggy.testing.RawZmtpPeer;
import ziggy.testing.RealDaemon;

/** Attacks on the collect port of a packaged master, each as a local peer could make it. */
class CollectPortAttackTest {
    @TempDir
    Path logPath;

    private final int httpPort = FreePort.pick();
    private final List<RawZmtpPeer> attackers = new ArrayList<>();

    @AfterEach
    void closeAttackers() throws IOException {
        for (RawZmtpPeer attacker : attackers) {
            attacker.close();
        }
    }

    @Test
    void aHundredPeersEachAnnouncingFifteenMebibytesLeaveCollectionRunningInBoundedMemory() throws IOException {
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 0)) {
            for (int i = 0; i < 100; i++) {
                RawZmtpPeer attacker = RawZmtpPeer.handshaken(daemon.collectPort(), "PUSH");
                attackers.add(attacker);
                attacker.announce(15L << 20, 100);
            }

            BsonDocument status = AfterTheAttack.assertStillCollecting(daemon, httpPort, "after.claims", 1000);
            BsonDocument memory = status.getDocument("collect").getDocument("memory");
            assertTrue(memory.getInt64("peak").getValue() <= memory.getInt64("budget").getValue(), memory.toJson());
            AfterTheAttack.assertStopsCleanly(daemon);
        }
    }

    @Test
    void twoThousandSilentConnectionsUnderADescriptorLimitOf1024LockNoClientOut() throws IOException {
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 1024)) {
            for (int i = 0; i < 2000; i++) {
                attackers.add(RawZmtpPeer.handshaken(daemon.collectPort(), "PUSH"));
            }

            BsonDocument collect = AfterTheAttack.assertStillCollecting(daemon, httpPort, "after.flood", 1000)
                    .getDocument("collect");
            int cap = collect.getInt32("max_connections").getValue();
            assertEquals(256, cap, "1,024 descriptors less the day files' 512 and a margin of 256");
            assertTrue(collect.getInt64("connections").getValue() <= cap, collect.toJson());
            assertTrue(collect.getDocument("refusals").getInt64("evicted").getValue() >= 2000 - cap, collect.toJson());
            AfterTheAttack.assertStopsCleanly(daemon);
        }
    }

    @Test
    void aClaimOfTwoToTheSixtySecondBytesIsRefusedAtOnceAndCounted() throws IOException {
        try (RealDaemon daemon = Launchers.ziggyd(logPath, List.of("--http=127.0.0.1:" + httpPort), 0)) {
            RawZmtpPeer attacker = RawZmtpPeer.handshaken(daemon.collectPort(), "PUSH");
            attackers.add(attacker);
            attacker.announce(1L << 62, 10);
            assertTrue(attacker.closedWithin(5_000), "the endpoint closes the connection");

            BsonDocument collect = AfterTheAttack.assertStillCollecting(daemon, httpPort, "after.huge", 1000)
                    .getDocument("collect");
            assertEquals(1, collect.getDocument("refusals").getInt64("oversized").getValue(), collect.toJson());
            assertTrue(AfterTheAttack.metrics(httpPort).contains("\nziggyd_collect_peers_refused_total{reason=\"oversized\"} 1.0\n"),
                "/metrics counts the refusal by its reason");
            AfterTheAttack.assertStopsCleanly(daemon);
        }
    }
}
