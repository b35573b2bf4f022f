package ziggy.view.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.bson.BSONException;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import ziggy.processor.FieldCondition;

/**
 * Every event from any source goes through here: the type filter, the grouper when asked for, the
 * {@code --where} conditions, the {@code --limit}, and the printer, in that order.
 * {@link #offer(byte[])} says whether more events are wanted, so a source stops reading once the
 * limit is reached.
 *
 * <p>With {@code --group} the conditions judge a group by its parent: a parent that matches is
 * printed with all its sub-events, one that does not is dropped with them. A sub-event's own fields
 * say little ({@code request.sql} has no {@code body.response.status}), so judging each alone would
 * print the parent without the sub-events the user grouped for. Events that end up without a
 * parent are judged alone.
 */
public final class EventPipeline {
    private final TypeFilter types;
    private final List<FieldCondition> conditions;
    private final Grouper grouper;
    private final long limit;
    private final EventOutput printer;
    private long printed;

    /**
     * @param groupBound how many sub-events {@code --group} holds at most; 0 when not grouping
     * @param limit how many events to print at most; {@link Long#MAX_VALUE} for no limit
     */
    public EventPipeline(TypeFilter types, List<FieldCondition> conditions, int groupBound, long limit, EventOutput printer) {
        this.types = types;
        this.conditions = List.copyOf(conditions);
        this.grouper = groupBound > 0 ? new Grouper(groupBound, this::printIfKept) : null;
        this.limit = limit;
        this.printer = printer;
    }

    /**
     * Takes one event's BSON bytes; false once the limit is reached.
     *
     * @throws BSONException when the bytes are not a BSON document after all (only bytes that did
     *     not go through a {@link ziggy.protocol.file.BsonFileReader}, such as the live stream's)
     * @throws UncheckedIOException when the output cannot be written (a closed pipe)
     */
    public boolean offer(byte[] bson) {
        if (!wantsMore()) {
            return false;
        }
        RawBsonDocument event = new RawBsonDocument(bson);
        if (hasWantedType(event)) {
            if (grouper != null) {
                grouper.accept(event);
            } else if (meetsConditions(event)) {
                print(event);
            }
        }
        return wantsMore();
    }

    public boolean wantsMore() {
        return printed < limit;
    }

    /** Prints what the grouper still holds and pushes the output out. */
    public void finish() {
        if (grouper != null) {
            grouper.flush();
        }
        flush();
    }

    /** Pushes printed events out (the live stream does it after each one). */
    public void flush() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long printed() {
        return printed;
    }

    private boolean hasWantedType(RawBsonDocument event) {
        if (types.isEveryType()) {
            return true;
        }
        BsonValue type = event.get("type");
        return type != null && type.isString() && types.matches(type.asString().getValue());
    }

    private void printIfKept(Group group) {
        if (group.parent() == null) {
            for (RawBsonDocument event : group.subEvents()) {
                if (meetsConditions(event)) {
                    print(event);
                }
            }
        } else if (meetsConditions(group.parent())) {
            group.subEvents().forEach(this::print);
            print(group.parent());
        }
    }

    private boolean meetsConditions(RawBsonDocument event) {
        for (FieldCondition condition : conditions) {
            if (!condition.test(event)) {
                return false;
            }
        }
        return true;
    }

    private void print(RawBsonDocument event) {
        if (!wantsMore()) {
            return;
        }
        try {
            printer.print(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        printed++;
    }
}
