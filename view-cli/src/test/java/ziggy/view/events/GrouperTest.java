package ziggy.view.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ziggy.testing.TestEvents.document;

import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

class GrouperTest {
    private final List<String> out = new ArrayList<>();

    private final List<String> parents = new ArrayList<>();

    /** A grouper whose groups are written out flat as type/id, sub-events first, parents also listed apart. */
    private Grouper grouper(int bound) {
        return new Grouper(bound, group -> {
            group.subEvents().forEach(e -> out.add(name(e)));
            if (group.parent() != null) {
                out.add(name(group.parent()));
                parents.add(name(group.parent()));
            }
        });
    }

    private static String name(RawBsonDocument event) {
        return event.getString("type").getValue() + "/" + event.getString("id").getValue();
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
        assertEquals(List.of("request/b", "request/a"), parents);
        assertEquals(0, grouper.heldCount());
    }

    @Test
    void eventsWithoutAnIdAndParentsWithoutChildrenPassStraightThrough() {
        List<String> seen = new ArrayList<>();
        Grouper grouper = new Grouper(100, group -> seen.add(group.subEvents().size() + " sub-events, parent "
                + (group.parent() != null ? group.parent().getString("type").getValue() : "none")));
        grouper.accept(document("{type: 'request.sql'}"));
        grouper.accept(document("{type: 'request', id: 'x'}"));
        assertEquals(List.of("1 sub-events, parent none", "0 sub-events, parent request"), seen);
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
        assertEquals(List.of(), parents);
        assertEquals(0, grouper.heldCount());
    }
}
