package ziggy.view.events;

import java.util.List;
import org.bson.RawBsonDocument;

/**
 * What {@link Grouper} passes on: a parent with the sub-events that came before it, in arrival
 * order, or events without a parent (sub-events whose parent never came or that the bound let go,
 * and events without an id), each judged alone.
 *
 * @param parent null when there is none
 */
record Group(RawBsonDocument parent, List<RawBsonDocument> subEvents) {
    Group {
        subEvents = List.copyOf(subEvents);
    }

    static Group withoutParent(List<RawBsonDocument> events) {
        return new Group(null, events);
    }
}
