package ziggy.daemon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.Ziggyd;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/** ziggyd's security flags as an operator gives them, in a real process: a bad file is one line naming it. */
class ZiggydSecurityFlagsTest {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private static ChildJvm ziggyd(String... args) {
        return ChildJvm.start(Ziggyd.class, List.of("-Xmx64m"), args);
    }

    private void assertOneLineFailure(int status, String expectedInMessage, String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "--log-path=" + folder.resolve("logs");
        args[1] = "--collect=127.0.0.1:" + FreePort.pick();
        args[2] = "--control=127.0.0.1:" + FreePort.pick();
        System.arraycopy(flags, 0, args, 3, flags.length);
        try (ChildJvm child = ziggyd(args)) {
            assertEquals(status, child.awaitExit(EXIT_WITHIN), child.output());
            String output = child.output().strip();
            String last = output.lines().reduce((a, b) -> b).orElse("");
            assertTrue(last.startsWith("ziggyd: ") && last.contains(expectedInMessage), output);
            assertFalse(output.contains("Exception"), output);
            if (status == 2) {
                assertFalse(output.contains("\n"), "one line: " + output);
            }
        }
    }

    @Test
    void certificatesThatCannotBeUsedAreOneLineNamingTheFileAndExit2() throws Exception {
        CurveKeys keys = new CurveKeys(folder.resolve("keys"));
        Path missing = folder.resolve("no-such.key_secret");
        assertOneLineFailure(2, missing + ": no such file", "--curve-cert=" + missing);
        assertOneLineFailure(2, keys.serverPublic + ": a public certificate", "--curve-cert=" + keys.serverPublic);
        Path notACertificate = Files.writeString(folder.resolve("notes.key_secret"), "[curve]\n    colour = \"blue\"\n");
        assertOneLineFailure(2, notACertificate.toString(), "--curve-cert=" + notACertificate);
        Files.writeString(keys.clients.resolve("broken.key"), "not a certificate\n");
        assertOneLineFailure(2, keys.clients.resolve("broken.key").toString(),
                "--curve-cert=" + keys.serverSecret, "--curve-clients=" + keys.clients);
        assertOneLineFailure(2, "--curve-clients needs --curve-cert", "--curve-clients=" + keys.admins);
        assertOneLineFailure(2, "--forward-curve-server is for an agent", "--forward-curve-server=" + keys.serverPublic);
    }

    @Test
    void anAdminTokenFileThatCannotBeWrittenFailsTheStartWithExit1() throws Exception {
        Path aFile = Files.writeString(folder.resolve("a-file"), "in the way");
        assertOneLineFailure(1, "--admin-token-file " + aFile.resolve("token"), "--admin-token-file=" + aFile.resolve("token"));
    }

    @Test
    void printConfigShowsTheSecuritySettings() throws Exception {
        CurveKeys keys = new CurveKeys(folder.resolve("keys"));
        try (ChildJvm child = ziggyd("--log-path=/var/log/ziggy", "--curve-cert=" + keys.serverSecret,
                "--curve-clients=" + keys.clients, "--admin-token-file=/var/lib/ziggy/admin-token", "--print-config")) {
            assertEquals(0, child.awaitExit(EXIT_WITHIN), child.output());
            String output = child.output();
            assertTrue(output.contains("curve-cert") && output.contains(keys.serverSecret.toString()), output);
            assertTrue(output.contains("curve-clients") && output.contains(keys.clients.toString()), output);
            assertTrue(output.contains("curve-admins"), output);
            assertTrue(output.contains("admin-token-file") && output.contains("/var/lib/ziggy/admin-token"), output);
            assertTrue(output.contains("forward-curve-server"), output);
        }
    }
}
