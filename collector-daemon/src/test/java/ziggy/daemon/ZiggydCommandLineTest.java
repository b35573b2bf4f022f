package ziggy.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/** ziggyd as a user runs it: a real process, its exit status, and what it printed. */
class ZiggydCommandLineTest {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path logPath;

    private static ChildJvm ziggyd(String... args) {
        return ChildJvm.start(Ziggyd.class, List.of("-Xmx64m"), args);
    }

    private static void assertOneLineUsageError(String[] args, String expectedInMessage) {
        try (ChildJvm child = ziggyd(args)) {
            assertEquals(2, child.awaitExit(EXIT_WITHIN), child.output());
            String output = child.output().strip();
            assertFalse(output.contains("\n"), "one line: " + output);
            assertTrue(output.startsWith("ziggyd: "), output);
            assertTrue(output.contains(expectedInMessage), output);
            assertFalse(output.contains("Exception"), output);
        }
    }

    @Test
    void badFlagsAndEndpointsAreOneLineAndExit2() {
        String log = "--log-path=" + logPath;
        assertOneLineUsageError(new String[] {log, "--collect=nonsense"}, "--collect");
        assertOneLineUsageError(new String[] {log, "--control=127.0.0.1:99999"}, "--control");
        assertOneLineUsageError(new String[] {log, "--collect=no-such-host.invalid:3514"}, "does not resolve");
        assertOneLineUsageError(new String[] {log, "--timezone=Mars/Olympus"}, "--timezone");
        assertOneLineUsageError(new String[] {log, "--max-message-bytes=lots"}, "--max-message-bytes");
        assertOneLineUsageError(new String[] {log, "--max-message-bytes=2147483647"}, "--max-message-bytes");
        assertOneLineUsageError(new String[] {log, "--no-such-flag"}, "--no-such-flag");
        assertOneLineUsageError(new String[] {}, "--log-path");
    }

    @Test
    void collectLimitsOutsideTheirRangeAreOneLineAndExit2() {
        String log = "--log-path=" + logPath;
        assertOneLineUsageError(new String[] {log, "--max-connections=0"}, "--max-connections: must be at least 1");
        assertOneLineUsageError(new String[] {log, "--idle-timeout=0"}, "--idle-timeout: must be at least 1 second");
        assertOneLineUsageError(new String[] {log, "--collect-memory=16m"}, "--collect-memory: 16m is less than the");
        assertOneLineUsageError(new String[] {log, "--collect-memory=lots"}, "--collect-memory");
        assertOneLineUsageError(new String[] {log, "--source-expiry=500ms"}, "--source-expiry: 500ms is not a duration of at least a second");
        assertOneLineUsageError(new String[] {log, "--source-expiry=forever"}, "--source-expiry: forever is not a duration");
        assertOneLineUsageError(new String[] {log, "--max-sources-per-peer=0"}, "--max-sources-per-peer: must be 1..10000, not 0");
        assertOneLineUsageError(new String[] {log, "--max-sources-per-peer=10001"}, "--max-sources-per-peer: must be 1..10000");
        assertOneLineUsageError(new String[] {log, "--max-sources-per-peer=many"}, "--max-sources-per-peer");
        assertOneLineUsageError(new String[] {log, "--max-types-per-peer=0"}, "--max-types-per-peer: must be 1..10000, not 0");
    }

    @Test
    void aPortInUseIsNamedInOneLineAndExits1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            for (String[] args : new String[][] {
                    {"--collect=127.0.0.1:" + port, "--control=127.0.0.1:" + FreePort.pick(), "--log-path=" + logPath},
                    {"--collect=127.0.0.1:" + FreePort.pick(), "--control=127.0.0.1:" + port, "--log-path=" + logPath}}) {
                try (ChildJvm child = ziggyd(args)) {
                    assertEquals(1, child.awaitExit(EXIT_WITHIN), child.output());
                    String output = child.output().strip();
                    assertFalse(output.contains("\n"), "one line: " + output);
                    assertTrue(output.contains("127.0.0.1:" + port) && output.contains("in use"), output);
                }
            }
        }
    }

    @Test
    void aPortInUseIsRefusedBeforeTheWarmUp() throws Exception {
        // -v lets the warm-up's throwaway daemons log: each names its scratch folder, ziggyd-warm-up-<pid>-….
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            for (String[] args : new String[][] {
                    {"-v", "--collect=127.0.0.1:" + port, "--control=127.0.0.1:" + FreePort.pick(), "--log-path=" + logPath},
                    {"-v", "--collect=127.0.0.1:" + FreePort.pick(), "--control=127.0.0.1:" + FreePort.pick(),
                            "--log-path=" + logPath, "--http=127.0.0.1:" + port}}) {
                try (ChildJvm child = ziggyd(args)) {
                    assertEquals(1, child.awaitExit(EXIT_WITHIN), child.output());
                    String output = child.output();
                    assertTrue(output.contains("127.0.0.1:" + port + ": address already in use"), output);
                    assertFalse(output.contains("ziggyd-warm-up"), "warmed up before refusing: " + output);
                }
            }
        }
    }

    @Test
    void helpAndVersionExit0() {
        try (ChildJvm help = ziggyd("--help"); ChildJvm version = ziggyd("--version")) {
            assertEquals(0, help.awaitExit(EXIT_WITHIN));
            assertTrue(help.output().contains("--log-path"), help.output());
            assertEquals(0, version.awaitExit(EXIT_WITHIN));
            assertTrue(version.output().startsWith("ziggyd "), version.output());
        }
    }

    @Test
    void aStartRefusedForAPortInUseLeavesNoLogFolderBehind() throws Exception {
        Path notYetThere = logPath.resolve("ziggy").resolve("log");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ChildJvm child = ziggyd("--collect=127.0.0.1:" + taken.getLocalPort(), "--control=127.0.0.1:" + FreePort.pick(),
                     "--log-path=" + notYetThere)) {
            assertEquals(1, child.awaitExit(EXIT_WITHIN), child.output());
            assertFalse(Files.exists(logPath.resolve("ziggy")), "the refused start made " + notYetThere + " and left it");
        }
        assertTrue(Files.isDirectory(logPath), "a folder that was there before stays");
    }

    @Test
    void printConfigRefusesTheSettingsTheStartRefuses() {
        assertOneLineUsageError(new String[] {"--print-config"}, "give --log-path DIR");
        assertOneLineUsageError(new String[] {"--log-path=" + logPath, "--timezone=Mars/Olympus", "--print-config"}, "--timezone");
        assertOneLineUsageError(new String[] {"--forward=127.0.0.1:3514", "--queue-full=maybe", "--print-config"}, "--queue-full");
    }

    @Test
    void aKafkaForwardNeedsATopicAndTakesNoUpstreamDaemonFlags() {
        assertOneLineUsageError(new String[] {"--forward=kafka://127.0.0.1:9092", "--print-config"}, "names no topic");
        assertOneLineUsageError(new String[] {"--forward=kafka://127.0.0.1:9092/a topic", "--print-config"},
                "not a Kafka topic name");
        assertOneLineUsageError(new String[] {"--forward=kafka://127.0.0.1:9092/events", "--forward-control=127.0.0.1:3513",
                "--print-config"}, "--forward-control");
        try (ChildJvm child = ziggyd("--forward=kafka://127.0.0.1:9092,127.0.0.1:9093/events", "--print-config")) {
            assertEquals(0, child.awaitExit(EXIT_WITHIN), child.output());
        }
    }

    @Test
    void aKafkaCollectingMasterNeedsLogPathATopicAndAGroupName() {
        assertOneLineUsageError(new String[] {"--collect-kafka=kafka://127.0.0.1:9092/events", "--print-config"},
                "--collect-kafka is for a master");
        assertOneLineUsageError(new String[] {"--log-path=" + logPath, "--forward=127.0.0.1:3514",
                "--collect-kafka=kafka://127.0.0.1:9092/events", "--print-config"}, "--collect-kafka is for a master");
        assertOneLineUsageError(new String[] {"--log-path=" + logPath, "--collect-kafka=127.0.0.1:9092/events",
                "--print-config"}, "not of the form kafka://");
        assertOneLineUsageError(new String[] {"--log-path=" + logPath, "--collect-kafka=kafka://127.0.0.1:9092",
                "--print-config"}, "names no topic");
        assertOneLineUsageError(new String[] {"--log-path=" + logPath, "--collect-kafka=kafka://127.0.0.1:9092/events",
                "--kafka-group=two words", "--print-config"}, "--kafka-group");
        try (ChildJvm child = ziggyd("--log-path=" + logPath, "--collect-kafka=kafka://127.0.0.1:9092/events",
                "--kafka-group=masters-eu", "--print-config")) {
            assertEquals(0, child.awaitExit(EXIT_WITHIN), child.output());
            assertTrue(child.output().contains("collect-kafka"), child.output());
        }
    }

    @Test
    void logPathWithForwardIsAcceptedTogether() {
        try (ChildJvm child = ziggyd("--log-path=" + logPath, "--forward=127.0.0.1:3514", "--print-config")) {
            assertEquals(0, child.awaitExit(EXIT_WITHIN), child.output());
            assertTrue(child.output().contains("log-path"), child.output());
            assertTrue(child.output().contains("forward"), child.output());
        }
    }

    @Test
    void aStopTimeoutUnderOneSecondIsOneLineAndExits2() {
        assertOneLineUsageError(new String[] {"--log-path=" + logPath, "--stop-timeout=0"}, "--stop-timeout: must be at least 1");
        assertOneLineUsageError(new String[] {"--log-path=" + logPath, "--warm-up=-1"}, "--warm-up: a number of events, 0 for none");
    }
}
