package ziggy.daemon.control;

import org.bson.BsonDocument;

import ziggy.protocol.control.ControlCommand;

/** What answers the control port's commands; called on the control thread only. */
public interface ControlHandler {
    /** The reply to a well-formed request for {@code command}. */
    BsonDocument answer(ControlCommand command, BsonDocument request);

    /** Called once the reply to {@code command} is on its way (SHUTDOWN stops the daemon here). */
    void afterReply(ControlCommand command);
}
