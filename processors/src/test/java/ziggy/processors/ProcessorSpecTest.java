package ziggy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static ziggy.processors.TestSupport.bson;
import static ziggy.processors.TestSupport.send;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ziggy.processors.TestSupport.CollectingSink;
import ziggy.processors.TestSupport.MovableClock;

class ProcessorSpecTest {
    @Test
    void aSpecIsANameAndOptionsWhoseValuesKeepTheirEqualsSignsAndBars() {
        ProcessorSpec spec = ProcessorSpec.parse("drop:type=request.sql*,where=body.status=500|body.cached=true");
        assertEquals("drop", spec.name());
        assertEquals(Map.of("type", "request.sql*", "where", "body.status=500|body.cached=true"), spec.options());
        assertEquals(spec, ProcessorSpec.parse(spec.toString()));
        assertEquals(new ProcessorSpec("sample", Map.of()), ProcessorSpec.parse("sample"));
    }

    @Test
    void theListFormAndTheRepeatedFlagFormGiveTheSameChain() {
        String[] flags = {"redact:fields=body.password", "rename:from=request,to=web", "drop:where=body.status=500"};
        List<ProcessorSpec> oneByOne = new ArrayList<>();
        for (String flag : flags) {
            oneByOne.add(ProcessorSpec.parse(flag));
        }
        List<ProcessorSpec> listed = ProcessorSpec.parseList(" redact:fields=body.password ; rename:from=request,to=web;drop:where=body.status=500;");
        assertEquals(oneByOne, listed);

        MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"), ZoneId.of("UTC"));
        CollectingSink a = new CollectingSink();
        CollectingSink b = new CollectingSink();
        ProcessorChain first = ProcessorChain.build(oneByOne, ProcessorCatalog.builtIn(), TestSupport.context(clock), a);
        ProcessorChain second = ProcessorChain.build(listed, ProcessorCatalog.builtIn(), TestSupport.context(clock), b);
        assertEquals(first.names(), second.names());
        for (String json : new String[] {"{type: 'request', body: {password: 'p', status: 200}}", "{type: 'request.sql', body: {status: 500}}"}) {
            send(first, bson(json));
            send(second, bson(json));
        }
        assertEquals(a.documents, b.documents);
        assertEquals(1, a.documents.size());
        assertEquals("web", a.documents.get(0).getString("type").getValue());
    }

    @Test
    void malformedSpecsAreOneLineMistakes() {
        assertEquals("processor 'Redact:x=1': 'Redact' is not a processor name (lower-case letters, digits, - and _), as in redact:fields=body.password",
                assertThrows(IllegalArgumentException.class, () -> ProcessorSpec.parse("Redact:x=1")).getMessage());
        assertEquals("processor 'redact:fields': 'fields' is not key=value",
                assertThrows(IllegalArgumentException.class, () -> ProcessorSpec.parse("redact:fields")).getMessage());
        assertEquals("processor 'drop:type=a,type=b': option 'type' is given twice",
                assertThrows(IllegalArgumentException.class, () -> ProcessorSpec.parse("drop:type=a,type=b")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessorSpec.parse("redact:"));
    }
}
