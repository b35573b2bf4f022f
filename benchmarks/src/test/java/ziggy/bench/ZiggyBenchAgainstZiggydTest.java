package ziggy.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.StatusKeys;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/**
 * ziggy-bench against a real ziggyd in a child JVM, with a tiny N: what it reports must be what the
 * daemon counted and wrote. The one timing judged is a paced sender's rate, loosely.
 */
class ZiggyBenchAgainstZiggydTest {
    @TempDir
    Path logPath;

    private ChildJvm daemon;
    private String collect;
    private String control;

    @BeforeEach
    void startMaster() {
        collect = "127.0.0.1:" + FreePort.pick();
        control = "127.0.0.1:" + FreePort.pick();
        daemon = ChildJvm.start("ziggy.daemon.Ziggyd", List.of("-Xmx128m"),
                "--collect=" + collect, "--control=" + control, "--log-path=" + logPath);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> totalEvents() >= 0);
    }

    @AfterEach
    void stopMaster() {
        daemon.close();
    }

    @Test
    void sendReportsWhatTheDaemonCountedAndFindsEveryEventInTheDayFilesOnce() {
        Run run = run("send", "--collect=" + collect, "--control=" + control, "--events=3001", "--connections=3",
                "--size=300", "--types=request:3,request.sql", "--latency", "--check-files=" + logPath);

        assertEquals(0, run.exitCode, run.output);
        assertEquals(3001, totalEvents());
        assertTrue(run.output.contains("result events=3001 taken=3001 "), run.output);
        assertTrue(run.output.contains("files=exact"), run.output);
        assertTrue(run.output.contains("day files: 3,001 of 3,001 events found once, 0 missing, 0 twice"), run.output);
        assertTrue(run.output.contains("latency_samples="), run.output);
    }

    @Test
    void theWarmUpIsSentAndCountedButItsLatencyIsNotMeasured() {
        Run run = run("send", "--collect=" + collect, "--control=" + control, "--events=4000", "--rate=2000",
                "--latency", "--warmup-seconds=1");

        assertEquals(0, run.exitCode, run.output);
        assertEquals(4000, totalEvents());
        Matcher samples = Pattern.compile("latency_samples=(\\d+) ").matcher(run.output);
        assertTrue(samples.find(), run.output);
        long measured = Long.parseLong(samples.group(1));
        // Two seconds at 2,000/s: about the last 2,000 events are after the first second.
        assertTrue(measured > 1_000 && measured < 3_000, run.output);
        // The timeline shows the warm-up's one second, then the measured ones.
        assertTrue(Pattern.compile("worst latency of each second \\(ms; warm-up \\| measured\\): \\d+ \\| \\d+").matcher(run.output).find(),
                run.output);
    }

    @Test
    void watchMeasuresADaemonThatAnotherSenderFeeds() {
        StringWriter watched = new StringWriter();
        CommandLine watch = ZiggyBench.commandLine().setOut(new PrintWriter(watched, true));
        CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(() -> watch.execute(
                "watch", "--control=" + control, "--events=2000", "--check-files=" + logPath));
        await().atMost(Duration.ofSeconds(20)).until(() -> watched.toString().contains("ready"));

        Run sent = run("send", "--collect=" + collect, "--control=" + control, "--events=2000", "--rate=20000");

        assertEquals(0, sent.exitCode, sent.output);
        assertEquals(0, watching.join(), watched.toString());
        assertTrue(watched.toString().contains("result taken=2000 "), watched.toString());
        assertTrue(watched.toString().contains("file_bytes=500000 files=exact"), watched.toString());
    }

    @Test
    void watchReportsTheRateItsDaemonTookAPacedSendersEventsAt() {
        StringWriter watched = new StringWriter();
        CommandLine watch = ZiggyBench.commandLine().setOut(new PrintWriter(watched, true));
        CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(() -> watch.execute(
                "watch", "--control=" + control, "--events=12000"));
        await().atMost(Duration.ofSeconds(20)).until(() -> watched.toString().contains("ready"));

        Run sent = run("send", "--collect=" + collect, "--control=" + control, "--events=12000", "--rate=6000");

        assertEquals(0, sent.exitCode, sent.output);
        assertEquals(0, watching.join(), watched.toString());
        Matcher rate = Pattern.compile("events_per_s=(\\d+) ").matcher(watched.toString());
        assertTrue(rate.find(), watched.toString());
        // Two seconds at 6,000/s, timed by the daemon's own clock between two STATUS replies a quarter second apart.
        assertEquals(6000, Long.parseLong(rate.group(1)), 900, watched.toString());
    }

    @Test
    void aBadTypeMixIsOneLineAndExitStatusTwo() {
        Run run = run("send", "--collect=" + collect, "--control=" + control, "--types=request..sql");

        assertEquals(2, run.exitCode);
        assertEquals("ziggy-bench: 'request..sql' is not a valid event type", run.errors.strip());
        assertEquals(0, totalEvents());
    }

    private long totalEvents() {
        try (ControlClient client = new ControlClient(Endpoint.parse(control, "control"), Duration.ofSeconds(5))) {
            BsonDocument status = client.status();
            return status.getDocument(StatusKeys.TOTAL).getNumber(StatusKeys.TOTAL_EVENTS).longValue();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = ZiggyBench.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String output, String errors) {
    }
}
