package ziggy.daemon.control;

import org.bson.BsonDocument;

/** What STATUS says of the daemon's role: {@code role}, and for an agent its {@code queue} and {@code forward}. */
@FunctionalInterface
public interface RoleSection {
    /** Appends the role's keys to a STATUS reply being built, on the control thread. */
    void appendTo(BsonDocument status);
}
