package ziggy.view.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ziggy.testing.TestEvents.bson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ziggy.processor.FieldCondition;

class EventPipelineTest {
    private final ObjectMapper json = new ObjectMapper();
    private final StringWriter out = new StringWriter();

    private List<JsonNode> printed() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isEmpty()) {
                nodes.add(json.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void filtersThenLimitsAndSaysWhenItWantsNoMore() throws Exception {
        EventPipeline pipeline = new EventPipeline(TypeFilter.parse("request"),
                List.of(FieldCondition.parse("body.status=500")), 0, 2, new JsonPrinter(out, false));
        assertTrue(pipeline.offer(bson("{type: 'request', n: 1, body: {status: 500}}")));
        assertTrue(pipeline.offer(bson("{type: 'request.sql', n: 2, body: {status: 500}}")));
        assertTrue(pipeline.offer(bson("{type: 'request', n: 3, body: {status: 200}}")));
        assertFalse(pipeline.offer(bson("{type: 'request', n: 4, body: {status: 500}}")));
        assertFalse(pipeline.offer(bson("{type: 'request', n: 5, body: {status: 500}}")));
        pipeline.finish();

        List<JsonNode> nodes = printed();
        assertEquals(2, nodes.size());
        assertEquals(1, nodes.get(0).get("n").asInt());
        assertEquals(4, nodes.get(1).get("n").asInt());
    }

    @Test
    void groupedAParentThatMeetsTheConditionsIsPrintedWithAllItsSubEventsAndOneThatDoesNotWithNone() throws Exception {
        EventPipeline pipeline = new EventPipeline(TypeFilter.parse("request*"),
                List.of(FieldCondition.parse("body.response.status=500")), 100, Long.MAX_VALUE, new JsonPrinter(out, false));
        pipeline.offer(bson("{type: 'request.sql', id: 'a', n: 1}"));
        pipeline.offer(bson("{type: 'request.sql', id: 'b', n: 2}"));
        pipeline.offer(bson("{type: 'request.cache', id: 'a', n: 3}"));
        pipeline.offer(bson("{type: 'request', id: 'b', n: 4, body: {response: {status: 200}}}"));
        pipeline.offer(bson("{type: 'request', id: 'a', n: 5, body: {response: {status: 500}}}"));
        pipeline.offer(bson("{type: 'request', n: 6, body: {response: {status: 500}}}")); // no id: alone
        pipeline.offer(bson("{type: 'request.sql', id: 'c', n: 7}")); // its parent never comes: judged alone
        pipeline.offer(bson("{type: 'request.sql', id: 'd', n: 8, body: {response: {status: 500}}}"));
        pipeline.finish();

        assertEquals(List.of(1, 3, 5, 6, 8), printed().stream().map(node -> node.get("n").asInt()).toList());
    }

    @Test
    void groupedTheConditionsOnAFieldSubEventsLackStillKeepTheWholeGroup() throws Exception {
        EventPipeline pipeline = new EventPipeline(TypeFilter.all(),
                List.of(FieldCondition.parse("body.response.status!=200")), 100, Long.MAX_VALUE, new JsonPrinter(out, false));
        pipeline.offer(bson("{type: 'request.sql', id: 'a', n: 1}"));
        pipeline.offer(bson("{type: 'request', id: 'a', n: 2, body: {response: {status: 404}}}"));
        pipeline.offer(bson("{type: 'request.sql', id: 'b', n: 3}"));
        pipeline.offer(bson("{type: 'request', id: 'b', n: 4, body: {response: {status: 200}}}"));
        pipeline.offer(bson("{type: 'login', id: 'c', n: 5}")); // no status: != does not hold
        pipeline.finish();

        assertEquals(List.of(1, 2), printed().stream().map(node -> node.get("n").asInt()).toList());
    }

    @Test
    void prettyOutputIsTheSameJsonIndented() throws Exception {
        new EventPipeline(TypeFilter.all(), List.of(), 0, Long.MAX_VALUE, new JsonPrinter(out, true))
                .offer(bson("{type: 'request', body: {when: {$date: '2026-11-23T10:00:00Z'}, big: {$numberLong: '9007199254740993'}}}"));
        String text = out.toString();
        assertTrue(text.contains("\n  \"body\""), text);
        JsonNode node = json.readTree(text);
        assertEquals("2026-11-23T10:00:00Z", node.at("/body/when/$date").asText());
        assertEquals(9007199254740993L, node.at("/body/big").asLong());
    }
}
