package ziggy.view.live;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.bson.BSONException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.protocol.control.ControlClient;
import ziggy.protocol.control.ControlException;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.view.events.EventPipeline;
import ziggy.view.events.TypeFilter;

/**
 * Follows a daemon's live stream. The stream carries messages of two frames, the event's type
 * (UTF-8) and its BSON bytes; the SUB socket subscribes to the type filter's prefix, which ZeroMQ
 * matches against the first frame, and the pipeline applies the exact filter.
 *
 * <p>The first SOCK_STREAM must be answered within the timeout, or {@link #run()} throws a {@link
 * ControlException} (one line for the user, exit 1). After that the daemon may go away and come
 * back: after {@code quietAfter} without an event the control port is asked again, every time, and
 * the stream port it names is subscribed to afresh. Each change of port or of answering is said
 * once on stderr.
 */
public final class LiveStream {
    /** How long one receive waits, so a stop request is seen within this. */
    private static final int RECEIVE_SLICE_MS = 200;

    private final Endpoint control;
    private final Duration answerTimeout;
    private final Duration quietAfter;
    private final TypeFilter types;
    private final EventPipeline pipeline;
    private final PrintStream errors;
    private final RateLimitedNote badEvents;
    private volatile boolean stopping;
    /** The stream port followed, and whether the control port answered when last asked. */
    private int port;
    private boolean answering = true;

    public LiveStream(Endpoint control, Duration answerTimeout, Duration quietAfter, TypeFilter types,
            EventPipeline pipeline, PrintStream errors) {
        this.control = control;
        this.answerTimeout = answerTimeout;
        this.quietAfter = quietAfter;
        this.types = types;
        this.pipeline = pipeline;
        this.errors = errors;
        this.badEvents = new RateLimitedNote(errors, Duration.ofSeconds(1));
    }

    /** Asks {@link #run()} to return within a fraction of a second (or one control timeout). */
    public void stop() {
        stopping = true;
    }

    /** Prints events until {@link #stop()} or until the pipeline wants no more. */
    public void run() {
        try (ControlClient client = new ControlClient(control, answerTimeout); ZContext context = new ZContext(1)) {
            port = client.streamPort();
            ZMQ.Socket subscriber = subscribe(context, port);
            long lastHeard = System.nanoTime();
            while (!stopping) {
                byte[] type = subscriber.recv(0);
                if (type == null) {
                    if (System.nanoTime() - lastHeard >= quietAfter.toNanos()) {
                        subscriber = rejoin(client, context, subscriber);
                        lastHeard = System.nanoTime();
                    }
                    continue;
                }
                lastHeard = System.nanoTime();
                byte[] event = subscriber.hasReceiveMore() ? subscriber.recv(0) : null;
                boolean extraFrames = false;
                while (subscriber.hasReceiveMore()) {
                    subscriber.recv(0);
                    extraFrames = true;
                }
                if (event == null || extraFrames) {
                    badEvents.note("a stream message that is not [type, event] was skipped");
                    continue;
                }
                try {
                    if (!pipeline.offer(event)) {
                        return;
                    }
                } catch (BSONException e) {
                    badEvents.note("a stream event that is not a BSON document was skipped");
                }
                pipeline.flush();
            }
        }
    }

    /**
     * The stream went quiet: asks the control port again and returns the socket to go on with. A
     * new socket even on the same port: a subscription that never reached the publisher (seen with
     * JeroMQ when two subscribers join at once) leaves a connected socket that receives nothing,
     * and a quiet stream loses nothing by joining again.
     */
    private ZMQ.Socket rejoin(ControlClient client, ZContext context, ZMQ.Socket subscriber) {
        int asked = askStreamPort(client);
        if (asked < 0) {
            if (answering) {
                note("the stream went quiet and " + control + " does not answer; asking again every "
                        + quietAfter.toMillis() / 1000.0 + " s");
            }
            answering = false;
            return subscriber;
        }
        if (!answering || asked != port) {
            note(control + " answers; following its stream on port " + asked);
        }
        answering = true;
        port = asked;
        subscriber.close();
        return subscribe(context, port);
    }

    private ZMQ.Socket subscribe(ZContext context, int port) {
        ZMQ.Socket subscriber = context.createSocket(SocketType.SUB);
        subscriber.setLinger(0);
        subscriber.setReceiveTimeOut(RECEIVE_SLICE_MS);
        // A greeting JeroMQ leaves stuck is dialled again within a second, not when the quiet stream is noticed.
        subscriber.setHandshakeIvl(Endpoint.HANDSHAKE_LIMIT_MILLIS);
        subscriber.subscribe(types.prefix().getBytes(StandardCharsets.UTF_8));
        subscriber.connect("tcp://" + (control.isAnyHost() ? "127.0.0.1" : control.zmqHost()) + ":" + port);
        return subscriber;
    }

    /** The stream port, or -1 when the daemon does not answer. */
    private int askStreamPort(ControlClient client) {
        try {
            return client.streamPort();
        } catch (ControlException e) {
            return -1;
        }
    }

    private void note(String message) {
        pipeline.flush();
        errors.println("ziggyview: " + message);
        errors.flush();
    }
}
