package ziggy.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.ToolRun;

/** The .deb as Debian's own tools see it: lintian, dpkg-deb, systemd-analyze, and its launchers run from its layout. */
class DebianPackageTest {
    private static final String UNIT = "usr/lib/systemd/system/ziggyd.service";

    @TempDir
    static Path root;

    private static Path deb;

    @BeforeAll
    static void extract() {
        deb = BuiltPackages.deb();
        ExtractedDeb.extract(deb, root);
    }

    @Test
    void lintianFindsNoErrors() {
        HostCommand.assumePresent("lintian", "lintian");
        ToolRun lintian = HostCommand.run("lintian", "--fail-on", "error", deb.toString());
        List<String> errors = lintian.stdout().lines().filter(line -> line.startsWith("E: ")).toList();
        assertEquals(List.of(), errors, lintian.stdout());
        assertEquals(0, lintian.exitCode(), lintian.stdout() + lintian.stderr());
    }

    @Test
    void contentsPutLaunchersOnThePathAndEverythingWhereDebianLooks() {
        Map<String, String> entries = contents();
        for (String tool : BuiltPackages.TOOLS) {
            assertEquals("../share/ziggy/bin/" + tool, entries.get("./usr/bin/" + tool), "/usr/bin/" + tool + " links into /usr/share/ziggy");
            assertTrue(entries.containsKey("./usr/share/ziggy/bin/" + tool), tool);
            assertTrue(entries.containsKey("./usr/share/man/man1/" + tool + ".1.gz"), tool + "'s man page");
            assertTrue(entries.containsKey("./usr/share/bash-completion/completions/" + tool), tool + "'s completion");
        }
        for (String path : List.of("./usr/share/ziggy/bin/ziggy-java", "./usr/share/ziggy/bin/ziggy-cds",
                "./usr/share/ziggy/lib/ziggy.classlist", "./etc/ziggy/ziggyd.conf", "./" + UNIT,
                "./var/log/ziggy/", "./var/spool/ziggy/", "./usr/share/doc/ziggy/copyright", "./usr/share/doc/ziggy/changelog.gz")) {
            assertTrue(entries.containsKey(path), path + " in " + entries.keySet());
        }
        assertTrue(entries.keySet().stream().anyMatch(path -> path.matches("\\./usr/share/ziggy/lib/collector-daemon-.*\\.jar")),
                "the daemon's jar");
        assertFalse(entries.keySet().stream().anyMatch(path -> path.contains("ziggy-bench") || path.contains("/lib/jmh-")),
                "the load generator stays in the tarball");
        assertFalse(entries.containsKey("./usr/share/ziggy/lib/ziggy.jsa"), "postinst makes the class-data sharing archive where it is used");
        assertFalse(entries.containsKey("./usr/share/ziggy/lib/ziggy.aot"), "postinst makes the AOT cache where it is used");
    }

    @Test
    void controlAsksForJava17AndKeepsTheConfigAsAConffile() {
        String version = field("Version");
        assertTrue(version.matches("[0-9][A-Za-z0-9.+~]*"), "a Debian version: " + version);
        assertEquals("ziggy_" + version + "_all.deb", deb.getFileName().toString());
        assertEquals("all", field("Architecture"));
        assertTrue(field("Depends").contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless"), field("Depends"));
        assertEquals(List.of("/etc/ziggy/ziggyd.conf"),
                HostCommand.succeed("dpkg-deb", "--info", deb.toString(), "conffiles").stdout().lines().toList());
    }

    @Test
    void exampleConfigTurnsOnHttpOnLoopbackAndWritesUnderVarLog() throws IOException {
        List<String> config = Files.readAllLines(root.resolve("etc/ziggy/ziggyd.conf"));
        assertTrue(config.contains("http = 127.0.0.1:5555"), config.toString());
        assertTrue(config.contains("log-path = /var/log/ziggy"), config.toString());
    }

    @Test
    void unitRunsAsZiggyHardenedAndRestartsOnFailure() throws IOException {
        List<String> unit = Files.readAllLines(root.resolve(UNIT));
        for (String setting : List.of("ExecStart=/usr/bin/ziggyd --config /etc/ziggy/ziggyd.conf",
                "ExecReload=/bin/kill -HUP $MAINPID", "User=ziggy", "Restart=on-failure",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/log/ziggy /var/spool/ziggy",
                "ProtectHome=yes", "PrivateTmp=yes")) {
            assertTrue(unit.contains(setting), setting + " in " + unit);
        }
    }

    /**
     * systemd-analyze checks the unit inside a root holding the package's files (so ExecStart's
     * /usr/bin/ziggyd exists), the host's own units (the targets it orders itself against) and the
     * host's /bin/kill (ExecReload's).
     */
    @Test
    void unitPassesSystemdAnalyzeVerify(@TempDir Path systemRoot) {
        HostCommand.assumePresent("systemd-analyze", "systemd");
        HostCommand.succeed("cp", "-a", root + "/.", systemRoot.toString());
        Path hostUnits = Stream.of(Path.of("/usr/lib/systemd/system"), Path.of("/lib/systemd/system"))
                .filter(Files::isDirectory).findFirst().orElseThrow();
        // -n: the package's own unit wins over any ziggyd.service the host may have.
        HostCommand.succeed("cp", "-an", hostUnits + "/.", systemRoot.resolve("usr/lib/systemd/system").toString());
        // ExecReload's /bin/kill is procps', on every Debian host but not in our package.
        HostCommand.succeed("mkdir", "-p", systemRoot.resolve("bin").toString());
        HostCommand.succeed("cp", "-L", "/bin/kill", systemRoot.resolve("bin/kill").toString());

        ToolRun verify = HostCommand.run("systemd-analyze", "verify", "--man=no", "--root=" + systemRoot, "/" + UNIT);
        String said = verify.stdout() + verify.stderr();
        assertEquals(0, verify.exitCode(), said);
        assertFalse(said.contains("ziggyd.service"), "no complaint about the unit: " + said);
    }

    @Test
    void launchersRunFromThePackageLayout() {
        for (String tool : BuiltPackages.TOOLS) {
            ToolRun version = ToolRun.start(List.of(root.resolve("usr/bin").resolve(tool).toString(), "--version"),
                    UnpackedTarball.ENVIRONMENT, null).finish();
            assertEquals(0, version.exitCode(), tool + ": " + version.stderr());
            assertTrue(version.stdout().startsWith(tool + " "), tool + " --version: " + version.stdout());
        }
    }

    private static Map<String, String> contents() {
        // dpkg-deb lists "perms owner size date time path" and, for a symlink, " -> target" after it.
        return HostCommand.succeed("dpkg-deb", "--contents", deb.toString()).stdout().lines()
                .map(line -> line.split("\\s+", 6)[5])
                .collect(Collectors.toMap(entry -> entry.split(" -> ")[0],
                        entry -> entry.contains(" -> ") ? entry.split(" -> ")[1] : "", (a, b) -> a));
    }

    private static String field(String name) {
        return HostCommand.succeed("dpkg-deb", "--field", deb.toString(), name).stdout().strip();
    }
}
