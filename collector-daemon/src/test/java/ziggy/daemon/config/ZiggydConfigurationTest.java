package ziggy.daemon.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ziggy.daemon.Ziggyd;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;

/** ziggyd's settings from ZIGGYD_* variables and a config file, as an operator sets them, in a real process. */
class ZiggydConfigurationTest {
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    /** ziggyd in a child JVM with {@code environment} added to this process's. */
    private static ChildJvm ziggyd(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"),
                Ziggyd.class.getName()));
        command.addAll(List.of(args));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return ChildJvm.launch(java, environment, command.toArray(String[]::new));
    }

    @Test
    void printConfigShowsFlagEnvironmentFileAndDefaultThenExits0() throws IOException {
        Path config = Files.write(folder.resolve("ziggyd.conf"), List.of(
                "# what the package installs in /etc/ziggy/ziggyd.conf",
                "log-path = /var/log/ziggy",
                "collect = 127.0.0.1:4514",
                "timezone = Europe/Paris"));
        try (ChildJvm child = ziggyd(Map.of("ZIGGYD_TIMEZONE", "Asia/Tokyo", "ZIGGYD_CONFIG", config.toString()),
                "--collect=127.0.0.1:5514", "--print-config")) {
            assertEquals(0, child.awaitExit(EXIT_WITHIN), child.output());
            String output = child.output();
            assertSetting(output, "collect", "127.0.0.1:5514", "# flag");
            assertSetting(output, "timezone", "Asia/Tokyo", "# env ZIGGYD_TIMEZONE");
            assertSetting(output, "log-path", "/var/log/ziggy", "# file " + config + ":2");
            assertSetting(output, "control", "127.0.0.1:3513", "# default");
            assertSetting(output, "http", "", "# default");
        }
    }

    @Test
    void theProcessorsFromFlagsTheEnvironmentAndTheFileAreTheSameChain() throws IOException {
        String chain = "drop:type=noise;redact:fields=body.password|body.card";
        Path config = Files.write(folder.resolve("ziggyd.conf"), List.of("log-path = " + folder, "processors = " + chain));
        try (ChildJvm flags = ziggyd(Map.of(), "--log-path=" + folder, "--processor=drop:type=noise",
                "--processor=redact:fields=body.password|body.card", "--print-config");
             ChildJvm environment = ziggyd(Map.of("ZIGGYD_PROCESSORS", chain), "--log-path=" + folder, "--print-config");
             ChildJvm file = ziggyd(Map.of(), "--config", config.toString(), "--print-config")) {
            for (ChildJvm child : List.of(flags, environment, file)) {
                assertEquals(0, child.awaitExit(EXIT_WITHIN), child.output());
            }
            assertSetting(flags.output(), "processors", chain, "# flag");
            assertSetting(environment.output(), "processors", chain, "# env ZIGGYD_PROCESSORS");
            assertSetting(file.output(), "processors", chain, "# file " + config + ":2");
        }
    }

    @Test
    void anUnknownProcessorOrOptionIsOneLineAndExits2() {
        try (ChildJvm unknown = ziggyd(Map.of(), "--log-path=" + folder, "--processor=redakt:fields=body.x", "--print-config");
             ChildJvm badOption = ziggyd(Map.of(), "--log-path=" + folder, "--processor=sample:rate=2", "--print-config")) {
            assertEquals(2, unknown.awaitExit(EXIT_WITHIN), unknown.output());
            assertEquals(2, badOption.awaitExit(EXIT_WITHIN), badOption.output());
            for (ChildJvm child : List.of(unknown, badOption)) {
                String output = child.output().strip();
                assertFalse(output.contains("\n") || output.contains("Exception"), output);
                assertTrue(output.startsWith("ziggyd: "), output);
            }
            assertTrue(unknown.output().contains("redakt") && unknown.output().contains("redact"), unknown.output());
            assertTrue(badOption.output().contains("sample") && badOption.output().contains("rate"), badOption.output());
        }
    }

    private static void assertSetting(String output, String key, String value, String origin) {
        for (String line : output.lines().toList()) {
            String[] keyAndRest = line.split(" = ", 2);
            if (keyAndRest.length == 2 && keyAndRest[0].strip().equals(key)) {
                assertTrue(keyAndRest[1].startsWith(value), line);
                assertTrue(keyAndRest[1].strip().endsWith(origin), line);
                return;
            }
        }
        throw new AssertionError("no setting " + key + " in\n" + output);
    }

    @Test
    void anUnknownKeyInTheFileIsOneLineNamingItAndItsLineAndExits2() throws IOException {
        Path config = Files.write(folder.resolve("ziggyd.conf"), List.of("log-path = " + folder, "", "colect = *:3514"));
        try (ChildJvm child = ziggyd(Map.of(), "--config", config.toString())) {
            assertEquals(2, child.awaitExit(EXIT_WITHIN), child.output());
            String output = child.output().strip();
            assertFalse(output.contains("\n"), output);
            assertTrue(output.startsWith("ziggyd: " + config + ":3: unknown key 'colect'"), output);
            assertFalse(output.contains("Exception"), output);
        }
    }

    @Test
    void aBadValueInTheEnvironmentIsNamedWithItsVariableAndExits2() {
        try (ChildJvm child = ziggyd(Map.of("ZIGGYD_MAX_MESSAGE_BYTES", "lots"), "--log-path=" + folder)) {
            assertEquals(2, child.awaitExit(EXIT_WITHIN), child.output());
            String output = child.output().strip();
            assertFalse(output.contains("\n"), output);
            assertTrue(output.contains("'lots' is not an int (from env ZIGGYD_MAX_MESSAGE_BYTES)"), output);
        }
    }

    @Test
    void aDaemonConfiguredByEnvironmentAndFileRunsWithThoseSettings() throws Exception {
        int httpPort = FreePort.pick();
        Path logPath = folder.resolve("log");
        Path config = Files.write(folder.resolve("ziggyd.conf"), List.of(
                "collect = 127.0.0.1:" + FreePort.pick(),
                "control = 127.0.0.1:" + FreePort.pick(),
                "http = 127.0.0.1:" + httpPort));
        try (ChildJvm child = ziggyd(Map.of("ZIGGYD_LOG_PATH", logPath.toString()), "--config=" + config)) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthcheck"))
                    .timeout(Duration.ofSeconds(5)).build();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            assertTrue(Files.isDirectory(logPath), "the log folder named by ZIGGYD_LOG_PATH was made");
            assertEquals(0, child.terminate(EXIT_WITHIN), child.output());
        }
    }
}
