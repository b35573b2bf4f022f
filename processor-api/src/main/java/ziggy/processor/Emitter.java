package ziggy.processor;

import org.bson.BsonDocument;

/**
 * Where a processor sends new events. An emitted event goes through the processors after the one
 * that emitted it, then out, before {@code emit} returns; the processors before it never see it.
 * Valid only during the call it was given to ({@code process} or {@code fire}), on that thread.
 */
public interface Emitter {
    /** Emits one event: a whole BSON document with a {@code type} that keeps the type-name rule. */
    void emit(byte[] bson);

    default void emit(BsonDocument event) {
        emit(Event.encode(event));
    }
}
