package ziggy.view.events;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * {@code --group}: puts each parent event right after its sub-events, as Ziggy's contexts produce
 * them. A Ziggy sub-context {@code .sql} inside {@code request} makes events of type
 * {@code request.sql} that share the parent's {@code id}, and they end (so arrive) before the
 * parent. So an event with an {@code id} and a {@code .} in its type is held under that id; an event
 * with an {@code id} and no {@code .} is a parent, and is passed on after everything held under its
 * id, in arrival order, as one {@link Group}. Events without an id pass straight through, each a
 * group without a parent.
 *
 * <p>At most {@code maxHeld} events are held: beyond that the group that waited longest is passed
 * on without its parent, so nothing is lost and memory stays bounded. {@link #flush()} passes on
 * whatever is still held, oldest group first (at the end of the input).
 */
final class Grouper {
    private final int maxHeld;
    private final Consumer<Group> downstream;
    private final Map<String, List<RawBsonDocument>> held = new LinkedHashMap<>();
    private int heldCount;

    Grouper(int maxHeld, Consumer<Group> downstream) {
        if (maxHeld < 1) {
            throw new IllegalArgumentException("the group bound must be at least 1: " + maxHeld);
        }
        this.maxHeld = maxHeld;
        this.downstream = downstream;
    }

    void accept(RawBsonDocument event) {
        String id = stringField(event, "id");
        if (id == null) {
            downstream.accept(Group.withoutParent(List.of(event)));
            return;
        }
        String type = stringField(event, "type");
        if (type != null && type.indexOf('.') < 0) {
            List<RawBsonDocument> children = held.remove(id);
            if (children != null) {
                heldCount -= children.size();
            }
            downstream.accept(new Group(event, children != null ? children : List.of()));
            return;
        }
        held.computeIfAbsent(id, key -> new ArrayList<>()).add(event);
        heldCount++;
        while (heldCount > maxHeld) {
            passOnOldestGroup();
        }
    }

    /** Passes on every held event, oldest group first. */
    void flush() {
        while (!held.isEmpty()) {
            passOnOldestGroup();
        }
    }

    int heldCount() {
        return heldCount;
    }

    private void passOnOldestGroup() {
        Iterator<List<RawBsonDocument>> oldest = held.values().iterator();
        List<RawBsonDocument> group = oldest.next();
        oldest.remove();
        heldCount -= group.size();
        downstream.accept(Group.withoutParent(group));
    }

    private static String stringField(RawBsonDocument event, String name) {
        BsonValue value = event.get(name);
        return value != null && value.isString() ? value.asString().getValue() : null;
    }
}
