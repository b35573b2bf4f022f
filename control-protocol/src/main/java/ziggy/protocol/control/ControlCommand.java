package ziggy.protocol.control;

import java.util.Optional;

import org.bson.BsonDocument;
import org.bson.BsonString;

/** The commands a daemon's control port answers; the request is {@code {cmd: name()}}. */
public enum ControlCommand {
    /** The daemon's counters: see {@link StatusKeys}. */
    STATUS,
    /** {@code {port}} of the live stream (PUB). */
    SOCK_STREAM,
    /** {@code {port}} of the collect socket (PULL). */
    SOCK_COLLECT,
    /** {@code {ok: true}}, then a clean stop. Admin only. */
    SHUTDOWN,
    /** {@code {src, seq}}: the highest sequence held durably for a forwarding source. */
    COMMITTED;

    /**
     * Whether the command changes the daemon, and is therefore answered {@code {error: "Not Authorized"}}
     * unless it comes from an admin: a key of {@code --curve-admins} over CURVE, or a request carrying the
     * daemon's admin token ({@code ziggy.protocol.security.AdminToken}). Every command added later that
     * changes the daemon says yes here.
     */
    public boolean isAdmin() {
        return this == SHUTDOWN;
    }

    /** The request document for this command. */
    public BsonDocument request() {
        return new BsonDocument(ControlReplies.CMD, new BsonString(name()));
    }

    /** The command a {@code cmd} value names, matched exactly as the original daemon did. */
    public static Optional<ControlCommand> named(String cmd) {
        for (ControlCommand command : values()) {
            if (command.name().equals(cmd)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }
}
