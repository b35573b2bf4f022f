package ziggy.view.live;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.OptionalInt;
import org.bson.BSONException;
import org.zeromq.ZContext;
import ziggy.protocol.control.ControlException;
import ziggy.protocol.endpoint.Endpoint;
import ziggy.protocol.endpoint.ToolContexts;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.protocol.security.CurveClientKeys;
import ziggy.view.events.EventPipeline;
import ziggy.view.events.TypeFilter;

/**
 * Follows a daemon's live stream: asks its control port for the stream port (SOCK_STREAM),
 * subscribes there ({@link StreamSubscription}) and prints every event through the pipeline.
 *
 * <p>The first SOCK_STREAM must be answered within the timeout, or {@link #run()} throws a {@link
 * ControlException} (one line for the user, exit 1). After that the daemon may go away and come
 * back on a new stream port: after {@code quietAfter} without an event, and every {@code quietAfter}
 * while it stays quiet, the control port is asked again ({@link StreamPortQuery}, which does not
 * hold up the printing), and only a different port replaces the subscription. A quiet type never
 * costs the socket: a closed SUB loses what it held and a new one misses what is published before
 * its subscription arrives. Each change of port or of answering is said once on stderr.
 *
 * <p>Output is buffered and pushed out when the stream pauses ({@link #PAUSE_MILLIS} without a
 * message), at least every {@link #MAX_UNFLUSHED_MILLIS} while it flows, and at the end: a flush a
 * line would hold a burst back to the terminal's pace while the daemon's buffer for this subscriber
 * overflows.
 *
 * <p>Every socket is made, used and closed by the thread in {@link #run()}; {@link #stop()} only
 * sets a flag that the loop reads between receives. Closing JeroMQ sockets from a signal handler's
 * thread, or interrupting the thread in a JeroMQ call, leaves JeroMQ's own threads printing stack
 * traces.
 *
 * <p>Given {@link CurveClientKeys}, the control requests and the subscription are CURVE clients of the
 * daemon's key (a daemon started with {@code --curve-cert} speaks CURVE on both ports).
 */
public final class LiveStream {
    /** How long a receive waits: a pause that flushes the output, and how soon a stop is seen. */
    static final int PAUSE_MILLIS = 50;
    static final long MAX_UNFLUSHED_MILLIS = 250;

    private final Endpoint control;
    private final Duration answerTimeout;
    private final long quietAfterNanos;
    private final TypeFilter types;
    private final EventPipeline pipeline;
    private final PrintStream errors;
    /** Null for plain connections. */
    private final CurveClientKeys curve;
    /** Bad stream messages, said on stderr at most once a second per kind. */
    private final RateLimitedLog badEvents;
    private volatile boolean stopping;
    private StreamSubscription subscription;
    /** Whether the control port answered when last asked. */
    private boolean answering = true;
    private long printedWhenFlushed;
    /** When the oldest line not yet flushed was printed; meaningful while printed() is past printedWhenFlushed. */
    private long unflushedSince;

    public LiveStream(Endpoint control, Duration answerTimeout, Duration quietAfter, TypeFilter types,
            EventPipeline pipeline, PrintStream errors) {
        this(control, answerTimeout, quietAfter, types, pipeline, errors, null);
    }

    /** As the other constructor, connecting as a CURVE client with {@code curve}'s keys; null: plain connections. */
    public LiveStream(Endpoint control, Duration answerTimeout, Duration quietAfter, TypeFilter types,
            EventPipeline pipeline, PrintStream errors, CurveClientKeys curve) {
        this.curve = curve;
        this.control = control;
        this.answerTimeout = answerTimeout;
        this.quietAfterNanos = quietAfter.toNanos();
        this.types = types;
        this.pipeline = pipeline;
        this.errors = errors;
        this.badEvents = stderrLog(errors);
    }

    /** Lines on {@code errors} as ziggyview says them, at most once a second per kind. */
    static RateLimitedLog stderrLog(PrintStream errors) {
        return new RateLimitedLog((level, line, bug) -> {
            errors.println("ziggyview: " + line);
            errors.flush();
        }, System::nanoTime);
    }

    /** Asks {@link #run()} to return within a fraction of a second; safe from any thread. */
    public void stop() {
        stopping = true;
    }

    /** Prints events until {@link #stop()} or until the pipeline wants no more. */
    public void run() {
        try (ZContext context = ToolContexts.open(); StreamPortQuery query = new StreamPortQuery(context, control, answerTimeout, curve)) {
            OptionalInt port = query.await(() -> stopping, PAUSE_MILLIS);
            if (port.isEmpty()) {
                return;
            }
            subscription = subscribe(context, port.getAsInt());
            try {
                follow(context, query);
            } finally {
                subscription.close();
                pipeline.flush();
            }
        }
    }

    private void follow(ZContext context, StreamPortQuery query) {
        long lastHeard = System.nanoTime();
        long nextAskAt = lastHeard + quietAfterNanos;
        while (!stopping) {
            byte[] event = subscription.receive();
            long now = System.nanoTime();
            if (event != null) {
                lastHeard = now;
                if (!print(event)) {
                    return;
                }
            }
            flushWhenDue(event == null, now);
            if (!query.asking() && now - lastHeard >= quietAfterNanos && now - nextAskAt >= 0) {
                query.ask();
            }
            if (query.asking()) {
                if (!followAnswer(context, query)) {
                    return;
                }
                // Paced from the end of an ask, so a daemon that is down is not asked back to back.
                nextAskAt = now + quietAfterNanos;
            }
        }
    }

    /** False when the pipeline wants no more events. */
    private boolean print(byte[] event) {
        try {
            return pipeline.offer(event);
        } catch (BSONException e) {
            badEvents.log(Level.WARNING, "not_bson", "a stream event that is not a BSON document was skipped");
            return true;
        }
    }

    private void flushWhenDue(boolean paused, long now) {
        if (pipeline.printed() == printedWhenFlushed) {
            unflushedSince = now;
            return;
        }
        if (paused || now - unflushedSince >= MAX_UNFLUSHED_MILLIS * 1_000_000) {
            pipeline.flush();
            printedWhenFlushed = pipeline.printed();
            unflushedSince = now;
        }
    }

    /** Takes the answer to SOCK_STREAM if it came: a new port is subscribed to. False when the pipeline wants no more. */
    private boolean followAnswer(ZContext context, StreamPortQuery query) {
        OptionalInt port;
        try {
            port = query.poll();
        } catch (ControlException e) {
            if (answering) {
                note("the stream went quiet and " + control + " does not answer; asking again until it does");
            }
            answering = false;
            return true;
        }
        if (port.isEmpty()) {
            return true;
        }
        int asked = port.getAsInt();
        if (!answering || asked != subscription.port()) {
            note(control + " answers; following its stream on port " + asked);
        }
        answering = true;
        if (asked != subscription.port()) {
            boolean more = printWhatIsLeft();
            subscription.close();
            subscription = subscribe(context, asked);
            return more;
        }
        return true;
    }

    /** The old port's subscription may hold events that came in the last instant: they are printed, not closed away. */
    private boolean printWhatIsLeft() {
        for (byte[] event = subscription.receiveNow(); event != null; event = subscription.receiveNow()) {
            if (!print(event)) {
                return false;
            }
        }
        return true;
    }

    private StreamSubscription subscribe(ZContext context, int port) {
        String host = control.isAnyHost() ? "127.0.0.1" : control.zmqHost();
        return new StreamSubscription(context, host, port, types.prefix(), PAUSE_MILLIS, curve,
                () -> badEvents.log(Level.WARNING, "not_two_frames", "a stream message that is not [type, event] was skipped"));
    }

    private void note(String message) {
        pipeline.flush();
        errors.println("ziggyview: " + message);
        errors.flush();
    }
}
