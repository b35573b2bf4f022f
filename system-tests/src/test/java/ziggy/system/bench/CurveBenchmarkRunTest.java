package ziggy.system.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.PythonPeer;
import ziggy.testing.ToolRun;

/**
 * The CURVE benchmark of issue 18 ({@code benchmarks/run.sh --scenarios curve}) run once, small, as
 * CI runs it: the packaged ziggyd with {@code --curve-cert}, a pyzmq sender with CURVE keys, ziggy-bench
 * watching STATUS over CURVE and checking the day files, and a libzmq CURVE PULL beside it. It must
 * complete and report a rate and a ratio; the figure itself is judged on a quiet machine
 * (docs/performance.md), not here, where the tests share the cores.
 */
class CurveBenchmarkRunTest {
    private static final Pattern RATIO = Pattern.compile("\\|\\s+ratio master / libzmq, over CURVE \\| ≥ 0\\.85 \\| ([0-9.]+) ×");

    @TempDir
    Path work;

    @Test
    void theCurveScenarioRunsToItsEndAndReportsARatio() {
        PythonPeer.requireZmqAndBson();
        Path runSh = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent().resolve("benchmarks/run.sh");
        ToolRun run = ToolRun.start(List.of("bash", runSh.toString(), "--runs", "1", "--scenarios", "curve",
                "--events", "20000", "--work", work.resolve("run").toString()), Map.of(), null);
        assertEquals(0, run.awaitExit(Duration.ofMinutes(3)), run.stdout() + run.stderr());

        String table = run.stdout();
        assertTrue(table.contains("| master over CURVE, events/s (STATUS) | ≥ 0.85 × libzmq CURVE |"), table);
        assertTrue(table.contains("all complete; bytes in files checked"), table);
        Matcher ratio = RATIO.matcher(table);
        assertTrue(ratio.find(), table);
        assertTrue(Double.parseDouble(ratio.group(1)) > 0, table);
        assertFalse(Files.exists(work.resolve("run")), "run.sh deletes its work folder without --keep");
    }
}
