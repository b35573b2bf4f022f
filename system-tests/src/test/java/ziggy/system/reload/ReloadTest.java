package ziggy.system.reload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.storage.dayfile.DayFileIds;
import ziggy.system.tools.Launchers;
import ziggy.testing.EventLoad;
import ziggy.testing.PythonPeer;
import ziggy.testing.RealDaemon;
import ziggy.testing.ToolRun;

/**
 * The packaged ziggyd with a configuration file, changed while a client sends: {@code ziggyctl reload}
 * applies the log levels and names what needs a restart, a bad file changes nothing, SIGHUP reloads,
 * {@code ziggyctl log-level} sets one logger, and no event is lost or written twice meanwhile. An agent
 * given a new upstream by a reload forwards what comes next there.
 */
class ReloadTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonHasZmq() {
        PythonPeer.requireZmqAndBson();
    }

    @Test
    void reloadSignalAndLogLevelChangeTheRunningDaemonWithoutLosingAnEvent() throws Exception {
        Path config = dir.resolve("ziggyd.conf");
        Path log = dir.resolve("log");
        Files.writeString(config, "log-level = info\n");
        int events = 30_000;
        try (RealDaemon daemon = Launchers.packaged(RealDaemon.master(log)).with("--config=" + config).start()) {
            String token = daemon.adminTokenFile().toString();
            Process sender = EventLoad.start(daemon.collectPort(), "during", events, 50);
            try {
                Files.writeString(config, "log-level = info,ziggy.forward=debug\ntimezone = Europe/Paris\n");
                ToolRun reload = Launchers.run("ziggyctl", null, "-H", daemon.control(), "reload", "--admin-token-file", token);
                assertEquals(0, reload.exitCode(), reload.stderr());
                assertTrue(reload.stdout().contains("applied: log-level"), reload.stdout());
                assertTrue(reload.stdout().contains("taking effect only at its next start: timezone"), reload.stdout());
                assertEquals("debug", logging(daemon).getDocument("loggers").getString("ziggy.forward").getValue());

                Files.writeString(config, "log-level = trace\ncolect = *:1\n");
                ToolRun refused = Launchers.run("ziggyctl", null, "-H", daemon.control(), "reload", "--admin-token-file", token);
                refused.assertOneLineFailure(1);
                assertTrue(refused.stderr().contains("nothing changed") && refused.stderr().contains("colect"), refused.stderr());
                assertEquals("info", logging(daemon).getString("level").getValue(), "a bad file changed nothing");

                ToolRun withoutToken = Launchers.run("ziggyctl", null, "-H", daemon.control(), "reload", "--admin-token-file",
                        dir.resolve("no-token").toString());
                withoutToken.assertOneLineFailure(1);
                assertTrue(withoutToken.stderr().contains("Not Authorized"), withoutToken.stderr());

                Files.writeString(config, "log-level = debug\n");
                daemon.hangUp();
                await().atMost(LIMIT).until(() -> "debug".equals(logging(daemon).getString("level").getValue()));
                assertTrue(logging(daemon).getDocument("loggers").isEmpty(), "ziggy.forward is no longer set: " + logging(daemon));

                ToolRun level = Launchers.run("ziggyctl", null, "-H", daemon.control(), "log-level", "warn", "ziggy.storage",
                        "--admin-token-file", token);
                assertEquals(0, level.exitCode(), level.stderr());
                assertTrue(level.stdout().contains("ziggy.storage logs at warn (was debug)"), level.stdout());
                assertEquals("warn", logging(daemon).getDocument("loggers").getString("ziggy.storage").getValue());

                assertTrue(sender.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS) && sender.exitValue() == 0, "the sender finished");
            } finally {
                sender.destroyForcibly();
            }
            await().atMost(LIMIT).until(() -> DayFileIds.counts(log).size() == events);
            DayFileIds.counts(log).forEach((id, count) -> assertEquals(1, count, id + " once"));
            assertTrue(daemon.output().contains("SIGHUP: reloading the configuration"), daemon.output());
            assertEquals(0, daemon.terminate(), daemon.output());
        }
    }

    @Test
    void anAgentGivenANewUpstreamByAReloadForwardsWhatComesNextThere() throws IOException {
        Path config = dir.resolve("agent.conf");
        try (RealDaemon first = Launchers.ziggyd(dir.resolve("first"));
             RealDaemon second = Launchers.ziggyd(dir.resolve("second"))) {
            Files.writeString(config, upstream(first));
            try (RealDaemon agent = Launchers.packaged(RealDaemon.master(dir.resolve("agent-log")))
                    .with("--queue-path=" + dir.resolve("queue"), "--config=" + config).start()) {
                EventLoad.send(agent.collectPort(), "before", 1_000);
                await().atMost(LIMIT).until(() -> DayFileIds.counts(first.logPath()).containsKey("before-999"));

                Files.writeString(config, upstream(second));
                ToolRun reload = Launchers.run("ziggyctl", null, "-H", agent.control(), "reload", "--admin-token-file",
                        agent.adminTokenFile().toString());
                assertEquals(0, reload.exitCode(), reload.stderr());
                assertTrue(reload.stdout().contains("applied: forward, forward-control"), reload.stdout());
                EventLoad.send(agent.collectPort(), "after", 1_000);

                await().atMost(LIMIT).until(() -> DayFileIds.counts(second.logPath()).containsKey("after-999"));
                Map<String, Integer> atSecond = DayFileIds.counts(second.logPath());
                Map<String, Integer> atFirst = DayFileIds.counts(first.logPath());
                for (int i = 0; i < 1_000; i++) {
                    assertEquals(1, atFirst.getOrDefault("before-" + i, 0), "before-" + i + " at the first master");
                    assertEquals(1, atSecond.getOrDefault("after-" + i, 0), "after-" + i + " at the second master");
                    assertFalse(atFirst.containsKey("after-" + i), "after-" + i + " went to the first master");
                }
                assertEquals("127.0.0.1:" + second.collectPort(),
                        agent.requiredStatus().getDocument("forward").getString("upstream").getValue());
            }
        }
    }

    private static String upstream(RealDaemon master) {
        return "forward = 127.0.0.1:" + master.collectPort() + "\nforward-control = " + master.control() + "\n";
    }

    private static BsonDocument logging(RealDaemon daemon) {
        return daemon.requiredStatus().getDocument("logging");
    }
}
