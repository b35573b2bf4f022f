package ziggy.system.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.ToolRun;

/**
 * The .deb's maintainer scripts, taken from the package and run by sh. Installing the package for
 * real would change this machine (a user, folders, a service), so the commands that would are
 * stand-ins on the PATH that write down how they were called; everything else is the real shell.
 */
class MaintainerScriptsTest {
    private static final List<String> CHANGING_COMMANDS = List.of("adduser", "chown", "chmod", "dpkg-statoverride",
            "deb-systemd-helper", "deb-systemd-invoke", "systemctl", "deluser", "userdel");

    @TempDir
    static Path control;

    @BeforeAll
    static void extractControlFiles() {
        HostCommand.assumePresent("dpkg-deb", "dpkg");
        HostCommand.succeed("dpkg-deb", "--control", BuiltPackages.deb().toString(), control.toString());
    }

    @Test
    void configureMakesTheZiggyUserAndHandsItTheLogAndQueueFolders(@TempDir Path stubs) throws IOException {
        List<String> calls = run("postinst", stubs, false, "configure", "");
        assertEquals("adduser --system --group --quiet --home /var/spool/ziggy --no-create-home ziggy", calls.get(0));
        for (String folder : List.of("/var/log/ziggy", "/var/spool/ziggy")) {
            assertTrue(calls.contains("chown ziggy:ziggy " + folder), folder + ": " + calls);
            assertTrue(calls.contains("chmod 0750 " + folder), folder + ": " + calls);
        }
        assertTrue(calls.contains("deb-systemd-helper enable ziggyd.service"), "enabled on a first install: " + calls);
    }

    @Test
    void configureLeavesFoldersAnAdministratorOverrodeAlone(@TempDir Path stubs) throws IOException {
        List<String> calls = run("postinst", stubs, true, "configure", "");
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("chown") || call.startsWith("chmod")), calls.toString());
    }

    @Test
    void purgeForgetsTheServiceButKeepsTheUser(@TempDir Path stubs) throws IOException {
        List<String> calls = run("postrm", stubs, false, "purge");
        assertTrue(calls.contains("deb-systemd-helper purge ziggyd.service"), calls.toString());
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("deluser") || call.startsWith("userdel")), calls.toString());
    }

    /** Runs {@code script} with stand-ins first on the PATH; dpkg-statoverride answers per {@code overridden}. */
    private static List<String> run(String script, Path stubs, boolean overridden, String... args) throws IOException {
        Path calls = stubs.resolve("calls");
        Files.createFile(calls);
        for (String command : CHANGING_COMMANDS) {
            int status = command.equals("dpkg-statoverride") && !overridden ? 1 : 0;
            Path stub = stubs.resolve(command);
            Files.writeString(stub, "#!/bin/sh\necho \"" + command + " $*\" >>\"" + calls + "\"\nexit " + status + "\n");
            assertTrue(stub.toFile().setExecutable(true));
        }
        List<String> command = new ArrayList<>(List.of("sh", control.resolve(script).toString()));
        command.addAll(List.of(args));
        ToolRun run = ToolRun.start(command, Map.of("PATH", stubs + ":/usr/sbin:/usr/bin:/sbin:/bin"), null).finish();
        assertEquals(0, run.exitCode(), script + ": " + run.stderr());
        return Files.readAllLines(calls);
    }
}
