package ziggy.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import ziggy.testing.ToolRun;

/**
 * The bash completion scripts and man pages picocli generated at package time, as a shell and
 * {@code man} use them: the build's own copies and the ones the .deb installs.
 */
class CompletionAndManPagesTest {
    @TempDir
    static Path debRoot;

    @BeforeAll
    static void extractDeb() {
        ExtractedDeb.extract(BuiltPackages.deb(), debRoot);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ziggyd", "ziggyctl", "ziggyview"})
    void sourcingTheScriptRegistersCompletionForTheTool(String tool) {
        for (Path script : List.of(BuiltPackages.completionScript(tool), installedCompletion(tool))) {
            ToolRun complete = HostCommand.succeed("bash", "-c", "source \"$1\" && complete -p " + tool, "bash", script.toString());
            assertEquals("complete -o default -F _complete_" + tool + " " + tool, complete.stdout().strip(), script.toString());
        }
    }

    /** What Tab offers after the typed word, asked of the completion function the way bash asks it. */
    @ParameterizedTest
    @CsvSource({"ziggyctl, st, status", "ziggyctl, sh, shutdown", "ziggyview, --type, --type-name", "ziggyd, --log, --log-path"})
    void tabCompletesSubcommandsAndOptions(String tool, String typed, String offered) {
        String line = tool + " " + typed;
        ToolRun offers = HostCommand.succeed("bash", "-c", String.join("; ",
                "source \"$1\"",
                "COMP_WORDS=(" + tool + " " + typed + ")", "COMP_CWORD=1", "COMP_LINE='" + line + "'", "COMP_POINT=" + line.length(),
                "_complete_" + tool,
                "printf '%s\\n' \"${COMPREPLY[@]}\""), "bash", installedCompletion(tool).toString());
        assertTrue(offers.stdout().lines().map(String::strip).anyMatch(offered::equals), typed + " -> " + offers.stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ziggyd", "ziggyctl", "ziggyview"})
    void manPageRendersWithTheToolsNameAndOptions(String tool) {
        HostCommand.assumePresent("man", "man-db");
        Path page = debRoot.resolve("usr/share/man/man1").resolve(tool + ".1.gz");
        assertTrue(Files.isRegularFile(page), page.toString());
        ToolRun man = ToolRun.start(List.of("man", "-l", page.toString()), Map.of("MANPAGER", "cat", "MANWIDTH", "100"),
                null).finish();
        assertEquals(0, man.exitCode(), man.stderr());
        List<String> lines = man.stdout().lines().map(String::strip).toList();
        assertTrue(lines.contains("NAME"), man.stdout());
        assertTrue(lines.contains("SYNOPSIS"), man.stdout());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(tool + " - ")), "the NAME line: " + man.stdout());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("-h, --help")), "the options: " + man.stdout());
        assertTrue(man.stderr().isBlank(), "groff had nothing to complain about: " + man.stderr());
    }

    private static Path installedCompletion(String tool) {
        return debRoot.resolve("usr/share/bash-completion/completions").resolve(tool);
    }
}
