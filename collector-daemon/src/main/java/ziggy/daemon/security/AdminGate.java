package ziggy.daemon.security;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import ziggy.daemon.control.ControlHandler;
import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.protocol.security.AdminToken;
import ziggy.protocol.security.AuthorizedKeys;

/**
 * Lets an admin command ({@link ControlCommand#isAdmin()}: SHUTDOWN and whatever changes the daemon)
 * reach the daemon's handler only when the request carries the admin token as {@code token}, or came
 * over CURVE from a key of {@code --curve-admins}; otherwise answers {@code {error: "Not Authorized"}},
 * counted and logged at most once a second. Other commands pass untouched.
 */
public final class AdminGate implements ControlHandler {
    private static final Logger LOG = System.getLogger(AdminGate.class.getName());

    private final ControlHandler commands;
    private final AdminToken token;
    private final AuthorizedKeys admins;
    private final SecurityCounters counters;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG);

    public AdminGate(ControlHandler commands, AdminToken token, AuthorizedKeys admins, SecurityCounters counters) {
        this.commands = commands;
        this.token = token;
        this.admins = admins;
        this.counters = counters;
    }

    @Override
    public BsonDocument answer(ControlCommand command, BsonDocument request, String clientKey) {
        if (command.isAdmin() && !isAdmin(request, clientKey)) {
            counters.countAdminRefusal();
            refusals.log(Level.WARNING, command, command + " refused: the request carries no valid admin token and "
                    + (clientKey == null ? "came without CURVE" : "its CURVE key " + clientKey + " is not in --curve-admins"));
            return ControlReplies.notAuthorized();
        }
        return commands.answer(command, request, clientKey);
    }

    private boolean isAdmin(BsonDocument request, String clientKey) {
        if (clientKey != null && admins.contains(clientKey)) {
            return true;
        }
        BsonValue presented = request.get(AdminToken.FIELD);
        return presented != null && presented.isString() && token.matches(presented.asString().getValue());
    }

    @Override
    public void afterReply(ControlCommand command) {
        commands.afterReply(command);
    }
}
