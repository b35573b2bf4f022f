package ziggy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.processors.TestSupport.bson;
import static ziggy.processors.TestSupport.send;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ziggy.testing.PluginJar;
import ziggy.processors.TestSupport.CollectingSink;
import ziggy.processors.TestSupport.MovableClock;

/**
 * The example plugin (module processor-example), packed as a jar into a plugin folder, is found by
 * name; it is not on this test's class path (see the pom), so only the folder can bring it.
 */
class PluginLoadingTest {
    @TempDir
    Path pluginDir;

    @Test
    void aProcessorFromAJarInThePluginFolderIsFoundByNameAndRuns() throws IOException {
        PluginJar.example(pluginDir.resolve("processor-example.jar"));
        Files.writeString(pluginDir.resolve("README.txt"), "not a jar: ignored");
        assertFalse(ProcessorCatalog.builtIn().names().contains("tag"));
        CollectingSink sink = new CollectingSink();
        try (ProcessorCatalog catalog = ProcessorCatalog.withPlugins(pluginDir)) {
            assertTrue(catalog.names().containsAll(List.of("tag", "drop", "redact", "rename", "sample", "summary")), catalog.names().toString());
            ProcessorChain chain = ProcessorChain.build(ProcessorSpec.parseList("tag:value=edge-1; rename:from=request,to=web"), catalog,
                    TestSupport.context(new MovableClock(Instant.parse("2026-11-22T10:00:00Z"), ZoneId.of("UTC"))), sink);
            send(chain, bson("{type: 'request', body: {a: 1}}"));
            send(chain, bson("{type: 'login'}"));
            chain.close();
        }
        assertEquals("edge-1", sink.documents.get(0).getDocument("body").getString("tagged_by").getValue());
        assertEquals("web", sink.documents.get(0).getString("type").getValue());
        assertEquals("edge-1", sink.documents.get(1).getDocument("body").getString("tagged_by").getValue());
    }
}
