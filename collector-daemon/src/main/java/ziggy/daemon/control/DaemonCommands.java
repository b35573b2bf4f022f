package ziggy.daemon.control;

import org.bson.BsonDocument;

import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.ControlReplies;

/** The master's answers: STATUS, the two ports, SHUTDOWN; COMMITTED comes with the forwarder. */
public final class DaemonCommands implements ControlHandler {
    private final StatusReport status;
    private final int streamPort;
    private final int collectPort;
    private final Runnable stop;

    /** {@code stop} asks the daemon to stop; it must return at once (the stop runs elsewhere). */
    public DaemonCommands(StatusReport status, int streamPort, int collectPort, Runnable stop) {
        this.status = status;
        this.streamPort = streamPort;
        this.collectPort = collectPort;
        this.stop = stop;
    }

    @Override
    public BsonDocument answer(ControlCommand command, BsonDocument request) {
        switch (command) {
            case STATUS:
                return status.build();
            case SOCK_STREAM:
                return ControlReplies.port(streamPort);
            case SOCK_COLLECT:
                return ControlReplies.port(collectPort);
            case SHUTDOWN:
                return ControlReplies.ok();
            default:
                // COMMITTED: this daemon takes no batches yet, so it answers as the original did.
                return ControlReplies.unknownCommand();
        }
    }

    @Override
    public void afterReply(ControlCommand command) {
        if (command == ControlCommand.SHUTDOWN) {
            stop.run();
        }
    }
}
