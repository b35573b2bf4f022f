package ziggy.system.packages;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.RealDaemon;
import ziggy.testing.TestEvents;
import ziggy.testing.ToolRun;

/**
 * The class-data sharing archive (Java 17 to 24) and the AOT cache (Java 25 and later), made by
 * {@code bin/ziggy-cds} where the tarball was unpacked (either holds only for the paths and the java it
 * was made with, so none ships): a master started by the launcher then maps its classes from it; one the
 * jars no longer match is passed over in silence.
 */
class ClassDataSharingTest {
    /** Below this the class list no longer covers what a master loads: run packaging/src/build/record-class-list. */
    private static final double LEAST_SHARED = 0.9;
    private static final Pattern LOADED = Pattern.compile("\\] (ziggy\\.[\\w.$]+) source: (.*)$");

    @Test
    void aMasterStartedAfterZiggyCdsLoadsItsClassesFromTheArchive(@TempDir Path unpackedInto, @TempDir Path logs,
            @TempDir Path work) throws IOException {
        UnpackedTarball tarball = UnpackedTarball.unpack(BuiltPackages.tarball(), unpackedInto);
        Path lib = tarball.root().resolve("lib");
        assertTrue(Files.isRegularFile(lib.resolve("ziggy.classlist")), "lib/ziggy.classlist ships");
        assertFalse(Files.exists(lib.resolve("ziggy.jsa")), "no archive ships: it would not hold where the tarball is unpacked");
        assertFalse(Files.exists(lib.resolve("ziggy.aot")), "no AOT cache ships: it would not hold where the tarball is unpacked");

        ToolRun made = cds(tarball);
        assertEquals(0, made.exitCode(), made.stderr());
        assertEquals("", made.stderr());
        assertTrue(made.stdout().startsWith("ziggy-cds: " + lib.toRealPath().resolve("ziggy.jsa") + " written"), made.stdout());

        Path classLog = work.resolve("classes.log");
        try (RealDaemon master = RealDaemon.launchedBy(tarball.launcher("ziggyd"), loggingClassLoads(classLog), logs)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (int i = 0; i < 100; i++) {
                    master.send(TestEvents.event("request", 1.7e9, i));
                }
                return master.totalEvents() >= 1_000;
            });
            assertEquals(0, master.terminate(), master.output());
            assertFalse(master.output().contains("[cds") || master.output().contains("shared archive"),
                    "the JVM says nothing of the archive: " + master.output());
        }

        Map<String, Long> bySource = ziggyClassesBySource(classLog);
        long shared = bySource.getOrDefault("shared objects file", 0L);
        long all = bySource.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(all > 100, "the master loaded " + all + " classes of ours");
        assertTrue(shared >= LEAST_SHARED * all, shared + " of " + all + " classes of ours from the archive: " + bySource);
    }

    @Test
    void anArchiveTheJarsNoLongerMatchIsPassedOverInSilence(@TempDir Path unpackedInto, @TempDir Path work)
            throws IOException {
        UnpackedTarball tarball = UnpackedTarball.unpack(BuiltPackages.tarball(), unpackedInto);
        assertEquals(0, cds(tarball).exitCode());
        // A jar replaced after the archive was made (an upgrade by hand): the archive names it with its old time.
        try (Stream<Path> jars = Files.list(tarball.root().resolve("lib"))) {
            Path daemonJar = jars.filter(jar -> jar.getFileName().toString().startsWith("collector-daemon-")).findFirst().orElseThrow();
            Files.setLastModifiedTime(daemonJar, FileTime.from(Instant.now().plusSeconds(60)));
        }

        Path classLog = work.resolve("classes.log");
        ToolRun version = ToolRun.start(List.of(tarball.launcher("ziggyd").toString(), "--version"), loggingClassLoads(classLog), null)
                .finish();

        assertEquals(0, version.exitCode(), version.stderr());
        assertEquals("", version.stderr());
        assertEquals("ziggyd " + tarball.version(), version.stdout().strip());
        Map<String, Long> bySource = ziggyClassesBySource(classLog);
        assertEquals(0L, bySource.getOrDefault("shared objects file", 0L), "loaded from the jars: " + bySource);
    }

    @Test
    void onJava25ZiggyCdsTrainsAnAotCacheThatAMasterLoadsItsClassesFrom(@TempDir Path unpackedInto, @TempDir Path logs,
            @TempDir Path work) throws IOException {
        Map<String, String> java25 = onJava25();
        UnpackedTarball tarball = UnpackedTarball.unpack(BuiltPackages.tarball(), unpackedInto);
        Path lib = tarball.root().resolve("lib");

        ToolRun made = ToolRun.start(List.of(tarball.launcher("ziggy-cds").toString()), java25, null).finish();
        assertEquals(0, made.exitCode(), made.stderr());
        assertEquals("", made.stderr());
        assertTrue(made.stdout().startsWith("ziggy-cds: " + lib.toRealPath().resolve("ziggy.aot") + " written"), made.stdout());
        assertFalse(Files.exists(lib.resolve("ziggy.jsa")), "the archive of Java 17 is not made for Java 25");
        try (Stream<Path> files = Files.list(lib)) {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().startsWith(".")).toList(),
                    "the training run leaves nothing behind");
        }

        Path classLog = work.resolve("classes.log");
        try (RealDaemon master = RealDaemon.launchedBy(tarball.launcher("ziggyd"), loggingClassLoads(java25, classLog), logs)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (int i = 0; i < 100; i++) {
                    master.send(TestEvents.event("request", 1.7e9, i));
                }
                return master.totalEvents() >= 1_000;
            });
            assertEquals(0, master.terminate(), master.output());
            assertFalse(master.output().contains("[aot") || master.output().contains("[cds") || master.output().contains("AOT"),
                    "the JVM says nothing of the cache: " + master.output());
        }
        Map<String, Long> bySource = ziggyClassesBySource(classLog);
        long shared = bySource.getOrDefault("shared objects file", 0L);
        long all = bySource.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(shared >= LEAST_SHARED * all, shared + " of " + all + " classes of ours from the cache: " + bySource);
    }

    @Test
    void onJava25AStaleAotCacheIsPassedOverInSilenceAndJavaOptsThatChooseForThemselvesWin(@TempDir Path unpackedInto,
            @TempDir Path work) throws IOException {
        Map<String, String> java25 = onJava25();
        UnpackedTarball tarball = UnpackedTarball.unpack(BuiltPackages.tarball(), unpackedInto);
        assertEquals(0, ToolRun.start(List.of(tarball.launcher("ziggy-cds").toString()), java25, null).finish().exitCode());

        // The JVM refuses -Xshare:off beside an AOT cache; the launcher then leaves its own out.
        Map<String, String> sharingOff = new HashMap<>(java25);
        sharingOff.put("JAVA_OPTS", java25.get("JAVA_OPTS") + " -Xshare:off");
        ToolRun off = ToolRun.start(List.of(tarball.launcher("ziggyd").toString(), "--version"), sharingOff, null).finish();
        assertEquals(0, off.exitCode(), off.stderr());
        assertEquals("ziggyd " + tarball.version(), off.stdout().strip());

        try (Stream<Path> jars = Files.list(tarball.root().resolve("lib"))) {
            Path daemonJar = jars.filter(jar -> jar.getFileName().toString().startsWith("collector-daemon-")).findFirst().orElseThrow();
            Files.setLastModifiedTime(daemonJar, FileTime.from(Instant.now().plusSeconds(60)));
        }
        Path classLog = work.resolve("classes.log");
        ToolRun stale = ToolRun.start(List.of(tarball.launcher("ziggyd").toString(), "--version"),
                loggingClassLoads(java25, classLog), null).finish();
        assertEquals(0, stale.exitCode(), stale.stderr());
        assertEquals("", stale.stderr());
        assertEquals("ziggyd " + tarball.version(), stale.stdout().strip());
        assertEquals(0L, ziggyClassesBySource(classLog).getOrDefault("shared objects file", 0L), "loaded from the jars");
    }

    /**
     * The tests' environment with JAVA_HOME a Java 25 or later of this host (machines of this kind carry
     * Temurin's beside Debian's 17 in /usr/lib/jvm); skips the test, saying so, where there is none.
     */
    private static Map<String, String> onJava25() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        Path home = null;
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                for (Path candidate : homes.sorted().toList()) {
                    if (featureRelease(candidate) >= 25 && Files.isExecutable(candidate.resolve("bin/java"))) {
                        home = candidate;
                    }
                }
            }
        }
        Assumptions.assumeTrue(home != null, "no Java 25 or later in /usr/lib/jvm");
        Map<String, String> environment = new HashMap<>(UnpackedTarball.ENVIRONMENT);
        environment.put("JAVA_HOME", home.toString());
        return environment;
    }

    /** The feature release a JDK's {@code release} file names (JAVA_VERSION="25.0.3" is 25); 0 when none. */
    private static int featureRelease(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        Matcher version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE).matcher(Files.readString(release));
        return version.find() ? Integer.parseInt(version.group(1)) : 0;
    }

    private static ToolRun cds(UnpackedTarball tarball) {
        return ToolRun.start(List.of(tarball.launcher("ziggy-cds").toString()), UnpackedTarball.ENVIRONMENT, null).finish();
    }

    private static Map<String, String> loggingClassLoads(Path classLog) {
        return loggingClassLoads(UnpackedTarball.ENVIRONMENT, classLog);
    }

    private static Map<String, String> loggingClassLoads(Map<String, String> base, Path classLog) {
        Map<String, String> environment = new HashMap<>(base);
        environment.put("JAVA_OPTS", base.get("JAVA_OPTS") + " -Xlog:class+load=info:file=" + classLog);
        return environment;
    }

    /** How many of our classes came from each source: "shared objects file" is the archive, a jar's URL the jars. */
    private static Map<String, Long> ziggyClassesBySource(Path classLog) throws IOException {
        Map<String, Long> bySource = new HashMap<>();
        for (String line : Files.readAllLines(classLog)) {
            Matcher loaded = LOADED.matcher(line);
            if (loaded.find()) {
                String source = loaded.group(2).startsWith("shared objects file") ? "shared objects file" : "jars";
                bySource.merge(source, 1L, Long::sum);
            }
        }
        return bySource;
    }
}
