package ziggy.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.storage.dayfile.DayFileIds;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;

/**
 * A reload changes the processor chain of a running ziggyd between two events: what came before went
 * through the old chain, what comes after through the new, none lost; a chain that cannot be built
 * refuses the reload and the old one runs on.
 */
class ProcessorsReloadTest {
    @TempDir
    Path dir;

    @Test
    void aReloadSwapsTheChainBetweenTwoEventsAndABadOneChangesNothing() throws Exception {
        Path config = dir.resolve("ziggyd.conf");
        Path log = dir.resolve("log");
        Files.writeString(config, "processors = rename:from=web,to=site\n");
        try (RealDaemon daemon = RealDaemon.master(log).with("--config=" + config).start()) {
            sendNumbered(daemon, "before", 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> daemon.totalEvents() == 300);

            Files.writeString(config, "processors = drop:type=noise;rename:from=web,to=site\n");
            BsonDocument applied = daemon.reload();
            assertTrue(applied != null, "no reply to RELOAD; the daemon said:\n" + daemon.output());
            assertEquals(new BsonArray(List.of(new BsonString("processors"))), applied.getArray("applied"));
            sendNumbered(daemon, "after", 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> daemon.totalEvents() == 300 + 200);

            Files.writeString(config, "processors = drop:type=noise;sample:rate=7\n");
            BsonDocument refused = daemon.reload();
            assertTrue(refused.getString("error").getValue().contains("rate"), refused.toJson());
            BsonArray chain = daemon.requiredStatus().getArray("processors");
            assertEquals("drop", chain.get(0).asDocument().getString("name").getValue());
            assertEquals("rename", chain.get(1).asDocument().getString("name").getValue(), "the old chain runs on");
            assertEquals(0, daemon.terminate(), daemon.output());
        }
        Map<String, Integer> ids = DayFileIds.counts(log);
        for (int i = 0; i < 300; i++) {
            assertEquals(1, ids.getOrDefault("before-" + i, 0), "before-" + i + ", under the first chain");
            assertEquals(i % 3 == 0 ? 0 : 1, ids.getOrDefault("after-" + i, 0), "after-" + i + ", under the second");
        }
        assertTrue(DayFileIds.documents(log).stream().noneMatch(event -> event.getString("type").getValue().startsWith("web")),
                "every web event renamed site");
    }

    /** {@code prefix-0 …}: every third a 'noise' event, the others 'web.page'. */
    private static void sendNumbered(RealDaemon daemon, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            daemon.send(TestEvents.bson("{type: '" + (i % 3 == 0 ? "noise" : "web.page") + "', id: '" + prefix + "-" + i + "'}"));
        }
    }
}
