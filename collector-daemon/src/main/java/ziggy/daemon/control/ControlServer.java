package ziggy.daemon.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import org.bson.BsonDocument;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import zmq.Msg;
import zmq.ZError;
import zmq.io.Metadata;

import ziggy.daemon.watch.SocketThreads;
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
    private final int port;
    private volatile boolean stopping;

    /**
     * Binds at once, so a port in use fails at start-up. {@code threads} makes the thread that answers,
     * which lets what escapes it (a ZeroMQ failure, an {@code Error}) end it: the caller watches it.
     *
     * @throws org.zeromq.ZMQException when the endpoint cannot be bound
     */
    public ControlServer(ZContext context, Endpoint endpoint, ControlHandler handler, ThreadFactory threads) {
        this(context, endpoint, handler, threads, socket -> { });
    }

    /**
     * As {@link #ControlServer(ZContext, Endpoint, ControlHandler, ThreadFactory)}, with {@code beforeBind}
     * setting the socket up first (as a CURVE server).
     */
    public ControlServer(ZContext context, Endpoint endpoint, ControlHandler handler, ThreadFactory threads,
                         Consumer<ZMQ.Socket> beforeBind) {
        this.endpoint = endpoint;
        this.handler = handler;
        this.socket = context.createSocket(SocketType.REP);
        socket.setLinger(LINGER_MILLIS);
        socket.setReceiveTimeOut(POLL_MILLIS);
        socket.setMaxMsgSize(ControlLimits.MAX_REQUEST_BYTES);
        try {
            beforeBind.accept(socket);
            socket.bind(endpoint.zmqAddress());
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        String bound = socket.getLastEndpoint();
        this.port = Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
        this.thread = threads.newThread(this::run);
        thread.setName("ziggy-control-" + port);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The port bound: the endpoint's, or the one the system chose for port 0. */
    public int port() {
        return port;
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                Msg request = receive();
                if (request == null) {
                    continue;
                }
                boolean multipart = request.hasMore();
                // A message's frames arrive together: the rest is there at once.
                for (Msg more = request; more != null && more.hasMore(); ) {
                    more = receive();
                }
                Optional<ControlCommand> answered = Optional.empty();
                BsonDocument reply;
                if (multipart) {
                    reply = ControlReplies.malformedRequest("a request is one frame");
                } else {
                    Answer answer = answer(request.data(), clientKey(request));
                    reply = answer.reply;
                    answered = answer.command;
                }
                socket.send(ControlReplies.encode(reply), 0);
                if (ControlReplies.errorOf(reply).isEmpty()) {
                    answered.ifPresent(handler::afterReply);
                }
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

    /**
     * The next frame, with the metadata its connection gave it (JeroMQ's {@code Socket.recv} drops it);
     * null after the poll interval without one.
     */
    private Msg receive() {
        Msg msg = socket.base().recv(0);
        if (msg == null) {
            int error = socket.base().errno();
            if (error != ZError.EAGAIN) {
                throw new ZMQException(error);
            }
        }
        return msg;
    }

    /** The User-Id the authenticator gave the request's connection: the CURVE client's key; null without CURVE. */
    private static String clientKey(Msg request) {
        Metadata metadata = request.getMetadata();
        String userId = metadata == null ? null : metadata.get(Metadata.USER_ID);
        return userId == null || userId.isEmpty() ? null : userId;
    }

    private record Answer(BsonDocument reply, Optional<ControlCommand> command) {
    }

    private Answer answer(byte[] bytes, String clientKey) {
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
            return new Answer(handler.answer(command.get(), request, clientKey), command);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "answering " + cmd + " failed", e);
            return new Answer(ControlReplies.error("Internal Error: " + e), Optional.empty());
        }
    }

    /** Stops answering; a reply already sent still has a second to leave. */
    @Override
    public void close() {
        stopping = true;
        SocketThreads.awaitStop(thread, socket);
    }
}
