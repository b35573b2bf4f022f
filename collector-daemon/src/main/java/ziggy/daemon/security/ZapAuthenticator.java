package ziggy.daemon.security;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadFactory;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import ziggy.daemon.watch.SocketThreads;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.protocol.security.AuthorizedKeys;

/**
 * The ZAP handler (RFC 27) of the daemon's JeroMQ sockets: a REP socket bound at
 * {@code inproc://zeromq.zap.01} in the daemon's context, which JeroMQ asks about every CURVE client of
 * the control and stream ports once the client has proved its key. A key of {@code --curve-clients}
 * (any key, without that folder) is answered 200 with the key in Z85 as User-Id, which the control
 * port reads from each request to tell an admin; any other is answered 400, counted by port and
 * reason, and logged at most once a second.
 *
 * <p>A request is, frame by frame: version {@code 1.0}, request id, domain, address, routing id,
 * mechanism, then the mechanism's credentials (CURVE: the client's 32-byte public key). The reply:
 * version, request id, status code, status text, user id, metadata (empty).
 */
public final class ZapAuthenticator implements AutoCloseable {
    public static final String ENDPOINT = "inproc://zeromq.zap.01";
    private static final Logger LOG = System.getLogger(ZapAuthenticator.class.getName());
    private static final String VERSION = "1.0";
    private static final int POLL_MILLIS = 100;
    /** The largest request: six short frames and a 32-byte key; a larger one is no JeroMQ socket's. */
    private static final int MAX_FRAMES = 16;

    private final ZMQ.Socket socket;
    private final AuthorizedKeys clients;
    private final SecurityCounters counters;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG);
    private final Thread thread;
    private volatile boolean stopping;

    /**
     * Binds at once: call it before the first CURVE socket binds. {@code clients} null accepts any CURVE
     * key; {@code threads} makes the thread that answers, which the caller watches.
     */
    public ZapAuthenticator(ZContext context, AuthorizedKeys clients, SecurityCounters counters, ThreadFactory threads) {
        this.clients = clients;
        this.counters = counters;
        this.socket = context.createSocket(SocketType.REP);
        socket.setLinger(0);
        socket.setReceiveTimeOut(POLL_MILLIS);
        try {
            socket.bind(ENDPOINT);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
        this.thread = threads.newThread(this::run);
        thread.setName("ziggy-zap");
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                ZMsg request = ZMsg.recvMsg(socket, 0);
                if (request == null) {
                    continue;
                }
                reply(List.copyOf(request)).send(socket);
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                throw e;
            }
            LOG.log(Level.DEBUG, () -> "the authenticator's socket while stopping: " + e);
        } finally {
            socket.close();
        }
    }

    /** The answer to one request; never throws for what the request holds. */
    ZMsg reply(List<ZFrame> request) {
        if (request.size() < 6 || request.size() > MAX_FRAMES) {
            return refuse(request, SecurityCounters.OTHER, SecurityCounters.Refusal.MALFORMED_REQUEST,
                    "a ZAP request of " + request.size() + " frames");
        }
        String version = text(request.get(0));
        String domain = text(request.get(2));
        String address = text(request.get(3));
        String mechanism = text(request.get(5));
        String port = SecurityCounters.portOf(domain);
        if (!VERSION.equals(version)) {
            return refuse(request, port, SecurityCounters.Refusal.MALFORMED_REQUEST, "ZAP version " + version);
        }
        if (!"CURVE".equals(mechanism) || request.size() != 7 || request.get(6).size() != 32) {
            return refuse(request, port, SecurityCounters.Refusal.MECHANISM, "mechanism " + mechanism + " from " + address);
        }
        String key = ZMQ.Curve.z85Encode(request.get(6).getData());
        if (clients != null && !clients.contains(key)) {
            return refuse(request, port, SecurityCounters.Refusal.UNAUTHORIZED_KEY,
                    "a CURVE client key not in --curve-clients, " + key + ", from " + address);
        }
        LOG.log(Level.DEBUG, () -> "CURVE client " + key + " from " + address + " accepted on the " + port + " port");
        return answer(request, "200", "OK", key);
    }

    private ZMsg refuse(List<ZFrame> request, String port, SecurityCounters.Refusal reason, String what) {
        counters.countRefusal(port, reason);
        refusals.log(Level.WARNING, reason, "refused on the " + port + " port: " + what);
        return answer(request, "400", reason.wireName(), "");
    }

    private static ZMsg answer(List<ZFrame> request, String status, String statusText, String userId) {
        ZMsg reply = new ZMsg();
        reply.add(VERSION);
        reply.add(request.size() > 1 ? request.get(1).getData() : new byte[0]);
        reply.add(status);
        reply.add(statusText);
        reply.add(userId);
        reply.add(new byte[0]);
        return reply;
    }

    private static String text(ZFrame frame) {
        return new String(frame.getData(), StandardCharsets.UTF_8);
    }

    /** Stops answering; call it after every CURVE socket is closed. */
    @Override
    public void close() {
        stopping = true;
        SocketThreads.awaitStop(thread, socket);
    }
}
