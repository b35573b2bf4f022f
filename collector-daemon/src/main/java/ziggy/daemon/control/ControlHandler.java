package ziggy.daemon.control;

import org.bson.BsonDocument;

import ziggy.protocol.control.ControlCommand;

/** What answers the control port's commands; called on the control thread only. */
public interface ControlHandler {
    /**
     * The reply to a well-formed request for {@code command}. {@code clientKey} is the public key, in Z85,
     * of the CURVE client that sent it (as the daemon's authenticator accepted it), or null when the
     * control port speaks no CURVE.
     */
    BsonDocument answer(ControlCommand command, BsonDocument request, String clientKey);

    /**
     * Called once the reply to {@code command} is on its way (SHUTDOWN stops the daemon here), unless the
     * reply was an error: an error reply means the command did nothing (SHUTDOWN "Not Authorized").
     */
    void afterReply(ControlCommand command);
}
