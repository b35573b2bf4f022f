package ziggy.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.agent.ForwardSettings;
import ziggy.forward.ForwarderOptions;
import ziggy.forward.Upstream;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.storage.queue.FsyncPolicy;
import ziggy.storage.queue.FullPolicy;
import ziggy.storage.queue.QueueOptions;

/**
 * The warm-up in this JVM: the throwaway daemons take every event, and what it leaves in its scratch
 * parent is what was there before, minus the folders of processes that no longer run.
 */
class CollectWarmUpTest {
    private static final int EVENTS = 4_000;

    @TempDir
    Path dir;

    @Test
    void aMasterWarmUpTakesEveryEventAndTouchesNothingOfTheRealDaemon() throws Exception {
        Path logPath = dir.resolve("log");
        Path scratchParent = Files.createDirectory(dir.resolve("tmp"));

        CollectWarmUp.Outcome outcome = new CollectWarmUp(master(logPath), EVENTS, scratchParent).run();

        assertTrue(outcome.complete(), outcome.message());
        assertTrue(outcome.message().startsWith("warmed the collect path up with " + EVENTS + " events in "), outcome.message());
        assertEquals(Set.of(), namesIn(scratchParent), "the scratch folder is deleted");
        assertFalse(Files.exists(logPath), "the real log folder is not made, let alone written");
    }

    @Test
    void foldersLeftByProcessesThatNoLongerRunAreDeletedAndNothingElse() throws Exception {
        Path scratchParent = Files.createDirectory(dir.resolve("tmp"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path leftBehind = scratchParent.resolve(WarmUpScratch.PREFIX + gone.pid() + "-123");
        Files.createDirectories(leftBehind.resolve("queue"));
        Files.writeString(leftBehind.resolve("queue").resolve("segment"), "events of a killed warm-up");
        String running = WarmUpScratch.PREFIX + ProcessHandle.current().pid() + "-456";
        Files.createDirectory(scratchParent.resolve(running));
        Files.createDirectory(scratchParent.resolve(WarmUpScratch.PREFIX + "not-a-pid"));
        Files.createDirectory(scratchParent.resolve("someone-else"));
        Path precious = Files.createDirectory(dir.resolve("precious"));
        Files.writeString(precious.resolve("keep"), "not the warm-up's");
        String link = WarmUpScratch.PREFIX + gone.pid() + "-link";
        Files.createSymbolicLink(scratchParent.resolve(link), precious);

        CollectWarmUp.Outcome outcome = new CollectWarmUp(master(dir.resolve("log")), EVENTS, scratchParent).run();

        assertTrue(outcome.complete(), outcome.message());
        assertEquals(Set.of(running, WarmUpScratch.PREFIX + "not-a-pid", "someone-else", link), namesIn(scratchParent));
        assertTrue(Files.exists(precious.resolve("keep")), "a link named as a scratch folder is not followed");
    }

    @Test
    void anAgentWarmsUpThroughTheSameThrowawayMasterAndAgent() throws Exception {
        Path scratchParent = Files.createDirectory(dir.resolve("tmp"));
        ForwardSettings forward = new ForwardSettings(dir.resolve("queue"),
                QueueOptions.of(1L << 30, FullPolicy.BLOCK, FsyncPolicy.parse("batch")),
                Upstream.parseAll("127.0.0.1:1", "127.0.0.1:2"), ForwarderOptions.defaults());
        DaemonSettings agent = new DaemonSettings(Endpoint.parse("127.0.0.1:3", "--collect"),
                Endpoint.parse("127.0.0.1:4", "--control"), null, ZoneOffset.UTC, DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES,
                Duration.ofSeconds(60), true, forward);

        CollectWarmUp.Outcome outcome = new CollectWarmUp(agent, EVENTS, scratchParent).run();

        assertTrue(outcome.complete(), outcome.message());
        assertEquals(Set.of(), namesIn(scratchParent));
        assertFalse(Files.exists(dir.resolve("queue")), "the real queue folder is not made");
    }

    @Test
    void aSmallMaxMessageSizeGetsTheEventsThatFitItOrNoWarmUp() throws Exception {
        Path scratchParent = Files.createDirectory(dir.resolve("tmp"));

        CollectWarmUp.Outcome small = new CollectWarmUp(master(dir.resolve("log"), 400), EVENTS, scratchParent).run();
        CollectWarmUp.Outcome tiny = new CollectWarmUp(master(dir.resolve("log"), 100), EVENTS, scratchParent).run();

        assertTrue(small.complete(), "only events of at most 400 bytes, every one taken: " + small.message());
        assertFalse(tiny.complete());
        assertEquals("warm-up skipped: every warm-up event is larger than --max-message-bytes (100)", tiny.message());
    }

    @Test
    void withoutAScratchFolderTheWarmUpIsSkippedWithTheReason() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "in the way");

        CollectWarmUp.Outcome outcome = new CollectWarmUp(master(dir.resolve("log")), EVENTS, notAFolder).run();

        assertFalse(outcome.complete());
        assertTrue(outcome.message().startsWith("warm-up skipped: cannot make a scratch folder in " + notAFolder),
                outcome.message());
    }

    private static DaemonSettings master(Path logPath) {
        return master(logPath, DaemonSettings.DEFAULT_MAX_MESSAGE_BYTES);
    }

    private static DaemonSettings master(Path logPath, int maxMessageBytes) {
        return new DaemonSettings(Endpoint.parse("127.0.0.1:1", "--collect"), Endpoint.parse("127.0.0.1:2", "--control"),
                logPath, ZoneOffset.UTC, maxMessageBytes, Duration.ofSeconds(60), true, null);
    }

    private static Set<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(entry -> entry.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
