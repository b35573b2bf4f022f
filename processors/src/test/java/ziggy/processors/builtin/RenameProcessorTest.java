package ziggy.processors.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static ziggy.processors.TestSupport.bson;
import static ziggy.processors.TestSupport.chain;
import static ziggy.processors.TestSupport.send;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import ziggy.processors.ProcessorChain;
import ziggy.processors.TestSupport.CollectingSink;

class RenameProcessorTest {
    private final CollectingSink sink = new CollectingSink();

    @Test
    void theTypeAndTheTypesUnderItTakeTheNewPrefixWholeSegmentsOnly() {
        ProcessorChain chain = chain("rename:from=request,to=web.request", sink);
        byte[] other = bson("{type: 'requests'}");
        send(chain, bson("{type: 'request', id: 'x', body: {a: [1, 2]}}"));
        send(chain, bson("{type: 'request.sql'}"));
        send(chain, other);
        assertEquals(List.of("web.request", "web.request.sql", "requests"),
                sink.documents.stream().map(d -> d.getString("type").getValue()).toList());
        BsonDocument expected = BsonDocument.parse("{type: 'request', id: 'x', body: {a: [1, 2]}}");
        expected.put("type", new BsonString("web.request"));
        assertEquals(expected, sink.documents.get(0));
        assertSame(other, sink.buffers.get(2).array());
    }

    @Test
    void namesThatBreakTheTypeRuleAreRefused() {
        assertEquals("rename: option to=a..b: not a type name (1-200 of [A-Za-z0-9_.-], no leading, trailing or double '.')",
                assertThrows(IllegalArgumentException.class, () -> chain("rename:from=a,to=a..b", sink)).getMessage());
    }
}
