package ziggy.processors;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * One processor's counters since the chain was built, for STATUS. Every event that reaches it is
 * counted once in {@code in}, then once in {@code kept}, {@code dropped}, {@code replaced} or
 * {@code errors} (an event whose processor threw is passed on or dropped as its {@code on-error}
 * says, and counted as an error only). {@code emitted} counts the events it emitted, {@code fired}
 * its timer's firings; a firing that throws counts in {@code errors} too.
 */
public record ProcessorStats(String name, long in, long kept, long dropped, long replaced, long emitted, long errors, long fired) {
    public BsonDocument toDocument() {
        return new BsonDocument("name", new BsonString(name))
                .append("in", new BsonInt64(in))
                .append("kept", new BsonInt64(kept))
                .append("dropped", new BsonInt64(dropped))
                .append("replaced", new BsonInt64(replaced))
                .append("emitted", new BsonInt64(emitted))
                .append("errors", new BsonInt64(errors))
                .append("fired", new BsonInt64(fired));
    }
}
