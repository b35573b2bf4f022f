package ziggy.system.hardening;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.CollectLimits;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.event.RejectReason;
import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.RawZmtpPeer;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * A peer of the collect port sends events of invented type names, each a file a day and a STATUS entry. It
 * makes at most its share of the types ({@code --max-types-per-peer}); the rest of its new types are rejected
 * ({@code too_many_types}), and a client at another address still has its new types taken, where before one
 * peer could take every place of the 10,000 until the daemon restarted.
 */
class TypeTableFloodTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final int SHARE = CollectLimits.DEFAULT_MAX_TYPES_PER_PEER;

    @TempDir
    Path log;

    @Test
    void aPeerInventingTypesMakesOnlyItsShareAndAClientAtAnotherAddressStillMakesNewOnes() throws IOException {
        try (RealDaemon master = RealDaemon.master(log).start()) {
            try (RawZmtpPeer flood = RawZmtpPeer.handshakenFrom("127.0.0.2", master.collectPort(), "PUSH")) {
                for (int i = 0; i < 2 * SHARE; i++) {
                    flood.sendMessage(TestEvents.bson("{type: 'invented.t" + i + "', id: 'flood-" + i + "'}"));
                }
                await().atMost(LIMIT).until(() -> rejected(master.requiredStatus(), RejectReason.TOO_MANY_TYPES) == SHARE);
            }
            try (RawZmtpPeer client = RawZmtpPeer.handshakenFrom("127.0.0.1", master.collectPort(), "PUSH")) {
                client.sendMessage(TestEvents.bson("{type: 'request', id: 'after-the-flood'}"));
                await().atMost(LIMIT).pollInterval(Duration.ofMillis(200))
                        .until(() -> DayFileIds.counts(log).containsKey("after-the-flood"));
            }
            BsonDocument status = master.requiredStatus();
            assertEquals(SHARE, rejected(status, RejectReason.TOO_MANY_TYPES), status.toJson());
            assertEquals(SHARE + 1, status.getDocument(StatusKeys.EVENTS).size(), "the flood's share and the client's type");
        }
    }

    private static long rejected(BsonDocument status, RejectReason reason) {
        return status.getDocument(StatusKeys.REJECTED).get(reason.wireName()).asNumber().longValue();
    }
}
