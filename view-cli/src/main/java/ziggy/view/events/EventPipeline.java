package ziggy.view.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.bson.BSONException;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * Every event from any source goes through here: the type filter, the {@code --where} conditions,
 * the grouper when asked for, the {@code --limit}, and the printer, in that order.
 * {@link #offer(byte[])} says whether more events are wanted, so a source stops reading once the
 * limit is reached.
 */
public final class EventPipeline {
    private final TypeFilter types;
    private final List<FieldCondition> conditions;
    private final Grouper grouper;
    private final long limit;
    private final JsonPrinter printer;
    private long printed;

    /**
     * @param groupBound how many sub-events {@code --group} holds at most; 0 when not grouping
     * @param limit how many events to print at most; {@link Long#MAX_VALUE} for no limit
     */
    public EventPipeline(TypeFilter types, List<FieldCondition> conditions, int groupBound, long limit, JsonPrinter printer) {
        this.types = types;
        this.conditions = List.copyOf(conditions);
        this.grouper = groupBound > 0 ? new Grouper(groupBound, this::print) : null;
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
        if (keeps(event)) {
            if (grouper != null) {
                grouper.accept(event);
            } else {
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

    private boolean keeps(RawBsonDocument event) {
        if (!types.isEveryType()) {
            BsonValue type = event.get("type");
            if (type == null || !type.isString() || !types.matches(type.asString().getValue())) {
                return false;
            }
        }
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
