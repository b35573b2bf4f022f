package ziggy.system.packages;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.ChildJvm;
import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;
import ziggy.testing.RealDaemon;
import ziggy.testing.ToolRun;

/**
 * The tarball unpacked into a temporary folder runs a master, and an agent, with its own launchers; and an
 * application compiles against the client library from its {@code maven/} repository, offline.
 */
class TarballTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ARRIVAL = Duration.ofSeconds(30);
    private static final List<String> CLIENT_ARTIFACTS = List.of("ziggy-client", "ziggy-logback", "ziggy-servlet");

    @TempDir
    static Path unpackedInto;

    private static UnpackedTarball tarball;

    @BeforeAll
    static void unpack() {
        tarball = UnpackedTarball.unpack(BuiltPackages.tarball(), unpackedInto);
    }

    @Test
    void holdsLaunchersLibrariesAnExampleConfigManPagesAndCompletion() throws IOException {
        Path root = tarball.root();
        for (String tool : BuiltPackages.TOOLS) {
            assertTrue(Files.isExecutable(root.resolve("bin").resolve(tool)), "bin/" + tool);
            assertTrue(Files.isRegularFile(root.resolve("man/man1").resolve(tool + ".1")), "man/man1/" + tool + ".1");
            assertTrue(Files.isRegularFile(root.resolve("completion").resolve(tool)), "completion/" + tool);
        }
        assertTrue(Files.isExecutable(root.resolve("bin/ziggy-java")), "bin/ziggy-java");
        try (var jars = Files.list(root.resolve("lib"))) {
            Set<String> names = jars.map(jar -> jar.getFileName().toString()).collect(Collectors.toSet());
            assertTrue(names.stream().anyMatch(name -> name.startsWith("collector-daemon-")), "lib/ holds the daemon: " + names);
            assertEquals(List.of(), names.stream().filter(TarballTest::benchmarkJar).sorted().toList(),
                    "the product's lib/ (ziggyd's class path) holds no benchmark or JMH jar");
        }
        assertFalse(Files.exists(root.resolve("bin/ziggy-bench")), "the load generator ships in its own archive");
        List<String> config = Files.readAllLines(root.resolve("conf/ziggyd.conf"));
        assertTrue(config.contains("log-path = /var/log/ziggy"), "conf/ziggyd.conf: " + config);
        assertTrue(config.contains("http = 127.0.0.1:5555"), "the example turns HTTP on: " + config);
    }

    @Test
    void holdsTheClientLibraryWithSourcesJavadocAndStandalonePomsAsAMavenRepository() throws IOException {
        Path ours = tarball.root().resolve("maven/io/github/ziggyjvm");
        try (var artifacts = Files.list(ours)) {
            assertEquals(CLIENT_ARTIFACTS, artifacts.map(folder -> folder.getFileName().toString()).sorted().toList(),
                    "the repository holds the client library, not the daemon or the tools");
        }
        String version = tarball.version();
        for (String artifact : CLIENT_ARTIFACTS) {
            Path folder = ours.resolve(artifact).resolve(version);
            for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar", ".pom")) {
                Path file = folder.resolve(artifact + "-" + version + suffix);
                assertTrue(Files.size(file) > 0, file + " is empty");
                assertTrue(Files.isRegularFile(folder.resolve(file.getFileName() + ".sha1")), file + ".sha1");
            }
            String pom = Files.readString(folder.resolve(artifact + "-" + version + ".pom"));
            assertFalse(pom.contains("<parent>"), "a flattened pom needs no ziggy-parent: " + pom);
            assertFalse(pom.contains("${"), "every version written in: " + pom);
        }
        assertTrue(Files.isRegularFile(tarball.root().resolve("maven/org/mongodb/bson")
                .resolve(bsonVersion()).resolve("bson-" + bsonVersion() + ".jar")), "the client's own dependencies too");
    }

    /** What docs/client.md tells an application developer without network access to do. */
    @Test
    void anApplicationCompilesOfflineAgainstTheTarballsRepositoryAlone(@TempDir Path application) throws IOException {
        OfflineApplication.assumeMavenIsHere();
        ToolRun build = OfflineApplication.compile(application, tarball.root().resolve("maven"), tarball.version(),
                CLIENT_ARTIFACTS);
        assertEquals(0, build.exitCode(), build.stdout() + build.stderr());
        assertTrue(Files.isRegularFile(application.resolve("target/classes/example/App.class")), build.stdout());
    }

    /** bson's version as lib/ has it: the one the client's pom names. */
    private static String bsonVersion() throws IOException {
        try (var jars = Files.list(tarball.root().resolve("lib"))) {
            String jar = jars.map(path -> path.getFileName().toString()).filter(name -> name.matches("bson-[0-9].*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no bson jar in lib/"));
            return jar.substring("bson-".length(), jar.length() - ".jar".length());
        }
    }

    @Test
    void theLoadGeneratorShipsInAnArchiveOfItsOwnAndRunsFromIt(@TempDir Path folder) {
        Path root = UnpackedTarball.unpack(BuiltPackages.benchArchive(), folder).root();
        ToolRun help = ToolRun.start(List.of(root.resolve("bin/ziggy-bench").toString(), "--help"),
                UnpackedTarball.ENVIRONMENT, null).finish();
        assertEquals(0, help.exitCode(), help.stderr());
        assertTrue(help.stdout().startsWith("Usage: ziggy-bench"), help.stdout());
    }

    private static boolean benchmarkJar(String name) {
        return name.startsWith("benchmarks-") || name.startsWith("jmh-") || name.startsWith("jopt-simple-")
                || name.startsWith("commons-math3-");
    }

    @Test
    void ziggydTakesTheExampleConfigAsItIs() {
        ToolRun printed = tool("ziggyd", "--config", tarball.root().resolve("conf/ziggyd.conf").toString(), "--print-config");
        assertEquals(0, printed.exitCode(), printed.stderr());
        assertTrue(printed.stdout().lines().anyMatch(line -> line.matches("http\\s+= 127\\.0\\.0\\.1:5555\\s+# file .*")),
                "HTTP on, from the file: " + printed.stdout());
    }

    /** The example made an agent the way its comments say, log-path out and the agent lines in, is one ziggyd takes. */
    @Test
    void ziggydTakesTheExampleConfigsAgentLines(@TempDir Path folder) throws IOException {
        assumeForwardingIsBuilt();
        Path agentConfig = folder.resolve("agent.conf");
        Files.write(agentConfig, Files.readAllLines(tarball.root().resolve("conf/ziggyd.conf")).stream()
                .map(line -> line.replaceFirst("^log-path = ", "# log-path = ").replaceFirst("^# (forward|queue-path) = ", "$1 = "))
                .toList());
        ToolRun printed = tool("ziggyd", "--config", agentConfig.toString(), "--print-config");
        assertEquals(0, printed.exitCode(), printed.stderr());
        assertTrue(printed.stdout().lines().anyMatch(line -> line.startsWith("forward ")), printed.stdout());
    }

    @Test
    void masterStartedByTheTarballsLauncherWritesEventsThatItsToolsThenShow(@TempDir Path logs) throws IOException {
        List<String> ids = new ArrayList<>();
        try (RealDaemon master = RealDaemon.launchedBy(tarball.launcher("ziggyd"), UnpackedTarball.ENVIRONMENT, logs)) {
            for (int i = 0; i < 3; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                master.send(RealDaemon.bytes(event("request", id)));
            }

            await().atMost(ARRIVAL).until(() -> Files.isRegularFile(logs.resolve("request." + today() + ".bson")));
            List<JsonNode> shown = await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(300))
                    .until(() -> tool("ziggyview", "--log-path", logs.toString(), "--type-name", "request").jsonLines(),
                            lines -> lines.size() == ids.size());
            assertEquals(Set.copyOf(ids), shown.stream().map(line -> line.get("id").asText()).collect(Collectors.toSet()));

            ToolRun status = tool("ziggyctl", "-H", master.control(), "status", "--json");
            assertEquals(0, status.exitCode(), status.stderr());
            JsonNode reply = JSON.readTree(status.stdout());
            assertEquals(3, reply.path("events").path("request").path("count").asLong(), status.stdout());

            ToolRun shutdown = tool("ziggyctl", "-H", master.control(), "shutdown", "--admin-token-file",
                    master.adminTokenFile().toString());
            assertEquals(0, shutdown.exitCode(), shutdown.stderr());
            assertEquals(0, master.awaitExit(), master.output());
        }
    }

    @Test
    void agentStartedByTheTarballsLauncherForwardsWhatPyzmqSendsToAMaster(@TempDir Path logs, @TempDir Path queue)
            throws IOException {
        assumeForwardingIsBuilt();
        PythonPeer.requireZmqAndBson();
        int agentCollect = FreePort.pick();
        String agentControl = "127.0.0.1:" + FreePort.pick();
        try (RealDaemon master = RealDaemon.launchedBy(tarball.launcher("ziggyd"), UnpackedTarball.ENVIRONMENT, logs);
             ChildJvm agent = ChildJvm.launch(tarball.launcher("ziggyd"), UnpackedTarball.ENVIRONMENT,
                     "--collect=127.0.0.1:" + agentCollect, "--control=" + agentControl,
                     "--forward=127.0.0.1:" + master.requiredStatus().getDocument("collect").getInt32("port").getValue(),
                     "--forward-control=" + master.control(), "--queue-path=" + queue)) {
            // Up before sending: pyzmq's linger, not the agent's start-up, should bound the send.
            await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(500))
                    .until(() -> tool("ziggyctl", "-H", agentControl, "status").exitCode() == 0 || !agent.isAlive());
            assertTrue(agent.isAlive(), agent.output());
            PythonPeer.run(SEND_WITH_PYZMQ, Duration.ofSeconds(30), "tcp://127.0.0.1:" + agentCollect, "5").assertSuccess();

            List<JsonNode> arrived = await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(500))
                    .until(() -> tool("ziggyview", "--log-path", logs.toString(), "--type-name", "forwarded").jsonLines(),
                            lines -> lines.size() >= 5);
            assertEquals(5, arrived.size(), "each event once: " + arrived);

            ToolRun status = tool("ziggyctl", "-H", agentControl, "status", "--json");
            assertEquals(0, status.exitCode(), status.stderr() + agent.output());
            assertEquals(5, JSON.readTree(status.stdout()).path("total").path("events").asLong(), status.stdout());
            assertEquals(0, agent.terminate(Duration.ofSeconds(15)), agent.output());
        }
    }

    /** argv: the endpoint and how many events; the README's way of sending, with libzmq. */
    private static final String SEND_WITH_PYZMQ = String.join("\n",
            "import os, socket, sys, time, zmq, bson",
            "context = zmq.Context()",
            "push = context.socket(zmq.PUSH)",
            "push.connect(sys.argv[1])",
            "for i in range(int(sys.argv[2])):",
            "    now = time.time()",
            "    push.send(bson.encode({'type': 'forwarded', 'id': os.urandom(16).hex(), 'host': socket.gethostname(),",
            "                           'pid': os.getpid(), 'start': now, 'end': now, 'body': {'n': i}}))",
            "push.close(linger=5000)",
            "context.term()");

    private static void assumeForwardingIsBuilt() {
        assumeTrue(tool("ziggyd", "--help").stdout().contains("--forward"),
                "ziggyd --help does not list --forward in this build: the agent role is not there to test yet");
    }

    private static ToolRun tool(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tarball.launcher(tool).toString());
        command.addAll(List.of(args));
        return ToolRun.start(command, UnpackedTarball.ENVIRONMENT, null).finish();
    }

    private static BsonDocument event(String type, String id) {
        double now = System.currentTimeMillis() / 1000.0;
        return new BsonDocument("type", new BsonString(type))
                .append("id", new BsonString(id))
                .append("host", new BsonString("tarball-test"))
                .append("pid", new BsonInt32((int) ProcessHandle.current().pid()))
                .append("start", new BsonDouble(now))
                .append("end", new BsonDouble(now + 0.01))
                .append("body", new BsonDocument("path", new BsonString("/")));
    }

    /** The day file's date: ziggyd's days are in UTC unless --timezone says otherwise. */
    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    }
}
