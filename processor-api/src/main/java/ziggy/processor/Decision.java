package ziggy.processor;

import java.util.Objects;
import org.bson.BsonDocument;

/**
 * What an {@link EventProcessor} does with one event: keep it as it is (the same bytes go on), drop
 * it, or replace it with other bytes. {@link #KEEP} and {@link #DROP} are constants, so the common
 * answers allocate nothing.
 */
public final class Decision {
    /** The three outcomes. */
    public enum Kind { KEEP, DROP, REPLACE }

    public static final Decision KEEP = new Decision(Kind.KEEP, null);
    public static final Decision DROP = new Decision(Kind.DROP, null);

    private final Kind kind;
    private final byte[] replacement;

    private Decision(Kind kind, byte[] replacement) {
        this.kind = kind;
        this.replacement = replacement;
    }

    /** The event goes on with new bytes: one whole BSON document, which the processor no longer changes. */
    public static Decision replace(byte[] bson) {
        return new Decision(Kind.REPLACE, Objects.requireNonNull(bson, "bson"));
    }

    /** The event goes on as {@code document}, encoded now. */
    public static Decision replace(BsonDocument document) {
        return replace(Event.encode(document));
    }

    public Kind kind() {
        return kind;
    }

    /** The new bytes of a {@link Kind#REPLACE}; null otherwise. */
    public byte[] replacement() {
        return replacement;
    }

    @Override
    public String toString() {
        return kind == Kind.REPLACE ? "REPLACE(" + replacement.length + " bytes)" : kind.name();
    }
}
