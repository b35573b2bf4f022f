package ziggy.daemon.control;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

import ziggy.daemon.reload.Reconfiguration;
import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.event.RejectReason;
import ziggy.storage.custody.SourceMarks;

/**
 * A daemon's answers: STATUS, the two ports, COMMITTED for forwarding sources, SHUTDOWN, RELOAD and
 * LOG_LEVEL ({@link Reconfiguration}). Who may run an admin command is decided before
 * ({@link ziggy.daemon.security.AdminGate}).
 */
public final class DaemonCommands implements ControlHandler {
    private final StatusReport status;
    private final int streamPort;
    private final int collectPort;
    private final int maxMessageBytes;
    private final SourceMarks marks;
    private final Runnable stop;
    private final Reconfiguration reconfiguration;

    /**
     * {@code marks} answer COMMITTED: a source's highest seq held durably, from the asking client's CURVE key
     * (null without) and the source id ({@link SourceMarks#committed(String, String)}), and whether its batches are
     * refused for want of room; answered with {@code maxMessageBytes} (the collect port's limit, which a forwarder
     * sizes its batches by). {@code stop} asks the daemon to stop and must return at once (the stop runs elsewhere).
     */
    public DaemonCommands(StatusReport status, int streamPort, int collectPort, int maxMessageBytes,
                          SourceMarks marks, Runnable stop, Reconfiguration reconfiguration) {
        this.status = status;
        this.streamPort = streamPort;
        this.collectPort = collectPort;
        this.maxMessageBytes = maxMessageBytes;
        this.marks = marks;
        this.stop = stop;
        this.reconfiguration = reconfiguration;
    }

    @Override
    public BsonDocument answer(ControlCommand command, BsonDocument request, String clientKey) {
        switch (command) {
            case STATUS:
                return status.build();
            case SOCK_STREAM:
                return ControlReplies.port(streamPort);
            case SOCK_COLLECT:
                return ControlReplies.port(collectPort);
            case SHUTDOWN:
                return ControlReplies.ok();
            case COMMITTED:
                return committed(request, clientKey);
            case RELOAD:
                return reconfiguration.reload();
            case LOG_LEVEL:
                return reconfiguration.logLevel(request);
            default:
                return ControlReplies.unknownCommand();
        }
    }

    /**
     * The marks of the source id as the asking client's own, where client keys are identities; and, when its
     * batches are refused for want of room, {@code refused: "too_many_sources"}.
     */
    private BsonDocument committed(BsonDocument request, String clientKey) {
        BsonValue source = request.get(ControlReplies.SRC);
        if (source == null || !source.isString() || source.asString().getValue().isEmpty()) {
            return ControlReplies.malformedRequest("COMMITTED needs 'src', the source id, as a non-empty string");
        }
        String id = source.asString().getValue();
        BsonDocument answer = ControlReplies.committed(id, marks.committed(clientKey, id), maxMessageBytes);
        if (marks.refusedForRoom(clientKey, id)) {
            answer.append(ControlReplies.REFUSED, new BsonString(RejectReason.TOO_MANY_SOURCES.wireName()));
        }
        return answer;
    }

    @Override
    public void afterReply(ControlCommand command) {
        if (command == ControlCommand.SHUTDOWN) {
            stop.run();
        }
    }
}
