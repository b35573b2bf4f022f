package ziggy.view.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ziggy.testing.TestEvents.document;

import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

class GrouperTest {
    private final List<String> out = new ArrayList<>();

    private Grouper grouper(int bound) {
        return new Grouper(bound, (RawBsonDocument e) -> out.add(e.getString("type").getValue() + "/" + e.getString("id").getValue()));
    }

    @Test
    void subEventsComeOutTogetherRightBeforeTheirParent() {
        Grouper grouper = grouper(100);
        grouper.accept(document("{type: 'request.sql', id: 'a'}"));
        grouper.accept(document("{type: 'request.sql', id: 'b'}"));
        grouper.accept(document("{type: 'request.cache', id: 'a'}"));
        grouper.accept(document("{type: 'request', id: 'b'}"));
        grouper.accept(document("{type: 'request.sql.cursor', id: 'a'}"));
        grouper.accept(document("{type: 'request', id: 'a'}"));

        assertEquals(List.of("request.sql/b", "request/b",
                "request.sql/a", "request.cache/a", "request.sql.cursor/a", "request/a"), out);
        assertEquals(0, grouper.heldCount());
    }

    @Test
    void eventsWithoutAnIdAndParentsWithoutChildrenPassStraightThrough() {
        List<String> seen = new ArrayList<>();
        Grouper grouper = new Grouper(100, e -> seen.add(e.getString("type").getValue()));
        grouper.accept(document("{type: 'request.sql'}"));
        grouper.accept(document("{type: 'request', id: 'x'}"));
        assertEquals(List.of("request.sql", "request"), seen);
        assertEquals(0, grouper.heldCount());
    }

    @Test
    void theBoundPassesOnTheOldestGroupWithoutItsParentAndLosesNothing() {
        Grouper grouper = grouper(3);
        grouper.accept(document("{type: 'r.sql', id: '1'}"));
        grouper.accept(document("{type: 'r.sql', id: '2'}"));
        grouper.accept(document("{type: 'r.sql', id: '1'}"));
        grouper.accept(document("{type: 'r.sql', id: '3'}")); // four held: group 1 (two events) goes

        assertEquals(List.of("r.sql/1", "r.sql/1"), out);
        assertEquals(2, grouper.heldCount());
        grouper.flush();
        assertEquals(List.of("r.sql/1", "r.sql/1", "r.sql/2", "r.sql/3"), out);
        assertEquals(0, grouper.heldCount());
    }
}
