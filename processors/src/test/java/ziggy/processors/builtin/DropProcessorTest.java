package ziggy.processors.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ziggy.processors.TestSupport.bson;
import static ziggy.processors.TestSupport.chain;
import static ziggy.processors.TestSupport.send;

import java.util.List;
import org.junit.jupiter.api.Test;
import ziggy.processors.ProcessorChain;
import ziggy.processors.TestSupport.CollectingSink;

class DropProcessorTest {
    private final CollectingSink sink = new CollectingSink();

    private List<String> typesOut() {
        return sink.documents.stream().map(d -> d.getString("type").getValue()).toList();
    }

    @Test
    void aTrailingStarDropsATypePrefixAndWithoutItOnlyTheExactType() {
        ProcessorChain chain = chain("drop:type=request.sql*|login", sink);
        for (String type : new String[] {"request", "request.sql", "request.sql.slow", "login", "login.failed"}) {
            send(chain, bson("{type: '" + type + "'}"));
        }
        assertEquals(List.of("request", "login.failed"), typesOut());
        assertEquals(3, chain.stats().get(0).dropped());
        assertEquals(2, chain.stats().get(0).kept());
    }

    @Test
    void whereConditionsAreZiggyviewsAndAllMustHold() {
        ProcessorChain chain = chain("drop:where=body.status=500|body.cached!=true", sink);
        send(chain, bson("{type: 'a', body: {status: 500, cached: false}}"));       // dropped
        send(chain, bson("{type: 'b', body: {status: {$numberLong: '500'}}}"));     // no cached: kept
        send(chain, bson("{type: 'c', body: {status: 500.0, cached: true}}"));      // cached: kept
        send(chain, bson("{type: 'd', body: {status: 200, cached: false}}"));       // kept
        assertEquals(List.of("b", "c", "d"), typesOut());
    }

    @Test
    void typeAndWhereTogetherDropOnlyWhereBothHold() {
        ProcessorChain chain = chain("drop:type=request*,where=body.status=500", sink);
        send(chain, bson("{type: 'request', body: {status: 500}}"));
        send(chain, bson("{type: 'other', body: {status: 500}}"));
        send(chain, bson("{type: 'request.x', body: {status: 200}}"));
        assertEquals(List.of("other", "request.x"), typesOut());
    }
}
