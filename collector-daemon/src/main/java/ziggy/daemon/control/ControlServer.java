package ziggy.daemon.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

import org.bson.BsonDocument;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import ziggy.protocol.control.ControlCommand;
import ziggy.protocol.control.ControlLimits;
import ziggy.protocol.control.ControlReplies;
import ziggy.protocol.endpoint.Endpoint;

/**
 * The control port's REP socket and its thread. Every request gets exactly one reply, so the REP
 * socket's strict send-after-receive never jams: a request of several frames, one that is not BSON,
 * one without a string {@code cmd}, or a handler that fails, each get an {@code {error: …}} reply.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ControlServer.class.getName());
    private static final int POLL_MILLIS = 100;
    /** Time the last reply (SHUTDOWN's ok) has to leave when the socket closes. */
    private static final int LINGER_MILLIS = 1_000;

    private final ZMQ.Socket socket;
    private final Endpoint endpoint;
    private final ControlHandler handler;
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * Binds at once, so a port in use fails at start-up. {@code threads} makes the thread that answers,
     * which lets what escapes it (a ZeroMQ failure, an {@code Error}) end it: the caller watches it.
     *
     * @throws org.zeromq.ZMQException when the endpoint cannot be bound
     */
    public ControlServer(ZContext context, Endpoint endpoint, ControlHandler handler, ThreadFactory threads) {
        this.endpoint = endpoint;
        this.handler = handler;
        this.socket = context.createSocket(SocketType.REP);
        socket.setLinger(LINGER_MILLIS);
        socket.setReceiveTimeOut(POLL_MILLIS);
        socket.setMaxMsgSize(ControlLimits.MAX_REQUEST_BYTES);
        try {
            socket.bind(endpoint.zmqAddress());
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        this.thread = threads.newThread(this::run);
        thread.setName("ziggy-control-" + endpoint.port());
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                byte[] request = socket.recv(0);
                if (request == null) {
                    continue;
                }
                boolean multipart = false;
                while (socket.hasReceiveMore()) {
                    socket.recv(0);
                    multipart = true;
                }
                Optional<ControlCommand> answered = Optional.empty();
                BsonDocument reply;
                if (multipart) {
                    reply = ControlReplies.malformedRequest("a request is one frame");
                } else {
                    Answer answer = answer(request);
                    reply = answer.reply;
                    answered = answer.command;
                }
                socket.send(ControlReplies.encode(reply), 0);
                answered.ifPresent(handler::afterReply);
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                throw e;
            }
            LOG.log(Level.DEBUG, () -> "the control port's socket while stopping: " + e);
        } finally {
            socket.close();
        }
    }

    private record Answer(BsonDocument reply, Optional<ControlCommand> command) {
    }

    private Answer answer(byte[] bytes) {
        BsonDocument request;
        String cmd;
        try {
            request = ControlReplies.decode(bytes);
            cmd = ControlReplies.commandOf(request);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.DEBUG, () -> "malformed control request: " + e.getMessage());
            return new Answer(ControlReplies.malformedRequest(e.getMessage()), Optional.empty());
        }
        Optional<ControlCommand> command = ControlCommand.named(cmd);
        if (command.isEmpty()) {
            return new Answer(ControlReplies.unknownCommand(), Optional.empty());
        }
        try {
            return new Answer(handler.answer(command.get(), request), command);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "answering " + cmd + " failed", e);
            return new Answer(ControlReplies.error("Internal Error: " + e), Optional.empty());
        }
    }

    /** Stops answering; a reply already sent still has a second to leave. */
    @Override
    public void close() {
        stopping = true;
        if (thread.isAlive()) {
            if (Thread.currentThread() == thread) {
                return;
            }
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            socket.close();
        }
    }
}
