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
    COMMITTED,
    /**
     * Re-reads the configuration (flags, environment, file) and applies live what can change live:
     * {@code {ok: true, applied: [key…], restart_needed: [key…]}}, or an error and nothing changed. Admin only.
     */
    RELOAD,
    /**
     * Sets ziggyd's own log level: {@code level} (error, warn, info, debug, trace) for {@code logger}
     * (default {@code ziggy}, every logger of the daemon); {@code {ok: true, logger, level, was}}. Admin only.
     */
    LOG_LEVEL;

    /**
     * Whether the command changes the daemon, and is therefore answered {@code {error: "Not Authorized"}}
     * unless it comes from an admin: a key of {@code --curve-admins} over CURVE, or a request carrying the
     * daemon's admin token ({@code ziggy.protocol.security.AdminToken}). Every command added later that
     * changes the daemon says yes here.
     */
    public boolean isAdmin() {
        return this == SHUTDOWN || this == RELOAD || this == LOG_LEVEL;
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
