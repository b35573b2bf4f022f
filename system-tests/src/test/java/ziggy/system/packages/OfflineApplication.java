package ziggy.system.packages;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import ziggy.testing.ToolRun;

/**
 * A one-class application, built by {@code mvn} the way docs/client.md says, whose dependencies come from
 * the tarball's {@code maven/} repository and nowhere else: that repository is its only {@code <repository>},
 * Maven runs offline ({@code -o}, with {@code file:} repositories allowed) and on an empty local repository,
 * and a missing checksum fails the build. Maven's own plugins come from the local repository of the build
 * running this test, in the versions this project pins, so nothing is downloaded.
 */
final class OfflineApplication {
    /** The build's local repository, which holds the plugins (system-tests/pom.xml passes it). */
    private static final String BUILD_REPOSITORY = System.getProperty("ziggy.m2", "");
    private static final Path PARENT_POM = Path.of(System.getProperty("basedir", "")).toAbsolutePath()
            .resolveSibling("pom.xml");

    private static final String APP = """
            package example;

            import ziggy.client.Context;
            import ziggy.client.Ziggy;

            public final class App {
                public static void main(String[] args) {
                    try (Context request = Ziggy.context("request")) {
                        Ziggy.set("path", "/");
                    }
                }
            }
            """;

    private OfflineApplication() {
    }

    /** Skips the calling test, with the reason, where Maven or the build's local repository is not here. */
    static void assumeMavenIsHere() {
        HostCommand.assumePresent("mvn", "maven");
        assumeTrue(!BUILD_REPOSITORY.isEmpty() && Files.isDirectory(Path.of(BUILD_REPOSITORY)),
                "the build's local repository (system property ziggy.m2, set by system-tests/pom.xml) is not known: "
                        + "run this test through Maven");
    }

    /**
     * Writes the application into {@code folder} depending on {@code artifacts} (of io.github.ziggyjvm, in
     * {@code version}) and runs {@code mvn compile} on it; returns the run, {@code target/classes} in {@code folder}.
     */
    static ToolRun compile(Path folder, Path repository, String version, List<String> artifacts) throws IOException {
        Files.createDirectories(folder.resolve("src/main/java/example"));
        Files.writeString(folder.resolve("src/main/java/example/App.java"), APP);
        StringBuilder dependencies = new StringBuilder();
        for (String artifact : artifacts) {
            dependencies.append("""
                        <dependency>
                          <groupId>io.github.ziggyjvm</groupId>
                          <artifactId>%s</artifactId>
                          <version>%s</version>
                        </dependency>
                    """.formatted(artifact, version));
        }
        Files.writeString(folder.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>app</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <repositories>
                    <repository>
                      <id>ziggy-tarball</id>
                      <url>%s</url>
                      <releases><checksumPolicy>fail</checksumPolicy></releases>
                      <snapshots><checksumPolicy>fail</checksumPolicy></snapshots>
                    </repository>
                  </repositories>
                  <pluginRepositories>
                    <pluginRepository>
                      <id>build-plugins</id>
                      <url>%s</url>
                      <releases><checksumPolicy>ignore</checksumPolicy></releases>
                    </pluginRepository>
                  </pluginRepositories>
                  <dependencies>
                %s  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>%s</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(repository.toUri(), Path.of(BUILD_REPOSITORY).toUri(), dependencies,
                pinnedVersion("maven-resources-plugin"), pinnedVersion("maven-compiler-plugin")));
        return ToolRun.start(List.of("mvn", "-B", "-o", "-Daether.offline.protocols=file",
                        "-Dmaven.repo.local=" + folder.resolve("local-repository"), "-f", folder.resolve("pom.xml").toString(),
                        "compile"),
                Map.of("JAVA_HOME", System.getProperty("java.home")), null).finish();
    }

    /** The version this project's pom.xml pins {@code plugin} to: the one the build running this test has. */
    private static String pinnedVersion(String plugin) {
        try {
            NodeList plugins = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(PARENT_POM.toFile())
                    .getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element element = (Element) plugins.item(i);
                if (plugin.equals(element.getElementsByTagName("artifactId").item(0).getTextContent())) {
                    return element.getElementsByTagName("version").item(0).getTextContent();
                }
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read " + PARENT_POM, e);
        }
        throw new AssertionError(PARENT_POM + " pins no version of " + plugin);
    }
}
