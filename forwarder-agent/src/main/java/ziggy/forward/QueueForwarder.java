package ziggy.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.ZContext;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.ControlException;
import ziggy.protocol.event.RejectReason;
import ziggy.protocol.logging.RateLimitedLog;
import ziggy.storage.queue.DiskQueue;
import ziggy.storage.queue.QueueCursor;

/**
 * Sends a {@link DiskQueue}'s events upstream and frees them from the queue once the upstream holds them.
 * One thread does everything, in a loop:
 * <ol>
 *   <li>connect to the current upstream ({@link UpstreamConnection}) and ask it {@code COMMITTED}; an
 *       answer {@code {seq}} means batches from {@code seq + 1}; an error answer means an original Ziggy
 *       daemon, and single-frame events ({@link ForwardMode#SINGLE_FRAMES});</li>
 *   <li>send batches ({@link BatchHeader}, then the events end to end) while fewer than
 *       {@code maxInFlight} events are unacknowledged;</li>
 *   <li>ask {@code COMMITTED} every {@code pollInterval} and acknowledge the answer in the queue, which
 *       deletes what is acknowledged;</li>
 *   <li>go back to acknowledged seq + 1 whenever the connection ends, or the acknowledged seq has not
 *       moved for {@code resendAfter}; the upstream drops the seqs it already has. That wait doubles with each
 *       resend in a row that brings no acknowledgement (up to 8 times), so that an upstream refusing these
 *       batches is not sent them all again every few seconds;</li>
 *   <li>move to the next upstream when one does not connect or stops answering {@code COMMITTED}, and
 *       back to the first one when it answers again.</li>
 * </ol>
 * Nothing is ever deleted from the queue that the upstream has not said it holds, except in
 * single-frame mode, where events leave the queue once the socket has taken them, and an event larger than
 * the upstream takes in one message: it is set aside (counted in {@code forward.too_large}, logged with its
 * seq and size) and leaves the queue with the acknowledgement of the event before it, since the upstream would
 * refuse it as oversized however often it came.
 */
public final class QueueForwarder implements Forwarder {
    private static final System.Logger LOG = System.getLogger(QueueForwarder.class.getName());
    /**
     * Idle waits grow from the first to the second while nothing happens: new records wake the thread
     * at once ({@link DiskQueue#wakeOnVisible}), so the longer wait only spaces out the timers' checks
     * (COMMITTED polls, connect deadlines) and keeps an idle agent from spinning on a host's CPU.
     */
    private static final long MIN_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The wait before a resend grows to at most 8 times {@code resendAfter}: 40 s by default. */
    private static final int MOST_RESEND_DOUBLINGS = 3;
    private static final String TOO_MANY_SOURCES = RejectReason.TOO_MANY_SOURCES.wireName();

    private final DiskQueue queue;
    /** Replaced (with {@link #queries}) only on the forwarder's thread; volatile for {@link #status()}. */
    private volatile UpstreamChoice upstreams;
    private final ForwarderOptions options;
    private final ZContext context = new ZContext(1);
    private List<CommittedQuery> queries = new ArrayList<>();
    /** A new upstream list given by {@link #changeUpstreams}, taken up by the forwarder's thread; null when none waits. */
    private final AtomicReference<List<Upstream>> nextUpstreams = new AtomicReference<>();
    private final QueueCursor cursor;
    private final PendingBatch pending = new PendingBatch();
    private final SingleFrameSender singleFrames;
    private final Thread thread;
    private volatile boolean running = true;

    private UpstreamConnection connection;
    private long connectDeadline;
    private int unanswered;
    private long nextPoll;
    private long lastProgress;
    /**
     * Resends in a row that brought no acknowledgement: each doubles the wait before the next, up to
     * {@link #MOST_RESEND_DOUBLINGS}. An upstream that refuses this agent's batches (its table of sources full)
     * would otherwise be sent everything in flight, up to a million events, again every {@code resendAfter}.
     */
    private int fruitlessResends;
    private boolean singleFrameLogged;
    /** The bytes of this agent's batch header frame: the same for every batch (fixed-size seq and count). */
    private final int batchHeaderBytes;
    /** The most event bytes in one batch to the current upstream: its message limit less the header, at most the option's. */
    private int batchBytes;
    /** The upstream limit last warned of as smaller than this agent's own, so that it is warned of once. */
    private int warnedLimit;
    /** The current upstream's limit on a whole message, from its COMMITTED answer; 0 when it did not say. */
    private int upstreamMaxMessageBytes;
    /** Seqs set aside as larger than the upstream takes and not yet acknowledged; each goes with the one before it. */
    private final NavigableSet<Long> setAside = new TreeSet<>();
    private final SetAsideFile setAsideFile;
    private final RateLimitedLog rateLimited = new RateLimitedLog(LOG);

    private volatile ForwardMode mode = ForwardMode.CONNECTING;
    private volatile boolean connected;
    private volatile long sentSeq;
    private volatile long acknowledged;
    private volatile long batches;
    private volatile long resends;
    /** Why the upstream refuses this agent's batches, as its last COMMITTED answer said; empty while it takes them. */
    private volatile String refused = "";
    private volatile long tooLarge;

    public QueueForwarder(DiskQueue queue, List<Upstream> upstreams, ForwarderOptions options) {
        this.upstreams = new UpstreamChoice(upstreams, options.primaryRetry());
        this.queue = queue;
        this.setAsideFile = new SetAsideFile(queue.folder());
        this.options = options;
        context.setLinger(0);
        this.queries = queriesOf(this.upstreams);
        this.singleFrames = new SingleFrameSender(Math.max(options.maxBatchBytes(), queue.options().maxEventBytes()),
                options.maxBatchEvents());
        this.batchHeaderBytes = new BatchHeader(queue.sourceId(), 0, 0).encode().length;
        this.batchBytes = options.maxBatchBytes();
        this.acknowledged = queue.stats().acknowledgedSeq();
        this.sentSeq = acknowledged;
        this.cursor = queue.cursor(acknowledged + 1);
        this.thread = new Thread(this::run, "ziggy-forwarder");
        this.thread.setDaemon(true);
    }

    public void start() {
        queue.wakeOnVisible(thread);
        thread.start();
    }

    /**
     * Starts forwarding, with {@code whenItDies} told of what ends the forwarder's thread or one of its
     * ZeroMQ threads: an {@code Error} (the loop itself starts over from the acknowledged seq after any
     * exception, so only an {@code Error} gets this far).
     */
    @Override
    public void start(Thread.UncaughtExceptionHandler whenItDies) {
        thread.setUncaughtExceptionHandler(whenItDies);
        context.setUncaughtExceptionHandler(whenItDies);
        context.setNotificationExceptionHandler((ioThread, caught) -> LOG.log(System.Logger.Level.WARNING,
                "forwarder: ZeroMQ's " + ioThread.getName() + " caught " + caught + " and goes on", caught));
        start();
    }

    private List<CommittedQuery> queriesOf(UpstreamChoice choice) {
        List<CommittedQuery> made = new ArrayList<>();
        for (Upstream upstream : choice.all()) {
            made.add(new CommittedQuery(upstream, queue.sourceId(), options.controlTimeout(), options.curve()));
        }
        return made;
    }

    /**
     * Forwards to {@code newUpstreams} from now on (a reload): the forwarder's thread drops its connection
     * and starts over at the first of them from the acknowledged seq, as after a failover; the upstreams
     * drop what they already hold. Returns at once.
     */
    public void changeUpstreams(List<Upstream> newUpstreams) {
        if (newUpstreams.isEmpty()) {
            throw new IllegalArgumentException("no upstream to forward to");
        }
        nextUpstreams.set(List.copyOf(newUpstreams));
        LockSupport.unpark(thread);
    }

    /** On the forwarder's thread: takes up a list given by {@link #changeUpstreams}. */
    private boolean takeUpNewUpstreams(long now) {
        List<Upstream> next = nextUpstreams.getAndSet(null);
        if (next == null) {
            return false;
        }
        drop("the upstream list changed to " + next, false, now);
        for (CommittedQuery query : queries) {
            query.close();
        }
        upstreams = new UpstreamChoice(next, options.primaryRetry());
        queries = queriesOf(upstreams);
        return true;
    }

    public ForwarderStatus status() {
        return new ForwarderStatus(upstreams.current().toString(), connected, mode, sentSeq, acknowledged, batches,
                resends, upstreams.failovers(), Math.max(0, sentSeq - acknowledged), 0, tooLarge, refused);
    }

    private void run() {
        long idlePark = MIN_IDLE_PARK_NANOS;
        while (running) {
            try {
                if (step(System.nanoTime())) {
                    idlePark = MIN_IDLE_PARK_NANOS;
                } else {
                    LockSupport.parkNanos(idlePark);
                    idlePark = Math.min(MAX_IDLE_PARK_NANOS, idlePark * 2);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "forwarder: unexpected failure; starting over from the acknowledged seq", e);
                drop("after a failure", false, System.nanoTime());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        connected = false;
    }

    /** One turn of the loop; false when there was nothing to do. */
    private boolean step(long now) throws IOException {
        if (takeUpNewUpstreams(now)) {
            return true;
        }
        if (connection == null) {
            if (!upstreams.mayConnect(now)) {
                return false;
            }
            connection = new UpstreamConnection(context, upstreams.current(), options.maxBatchBytes(),
                    queue.options().maxEventBytes(), options.heartbeat(), options.curve());
            connectDeadline = now + options.connectTimeout().toNanos();
            mode = ForwardMode.CONNECTING;
            return true;
        }
        connection.pollEvents();
        connected = connection.connected();
        if (connection.ended()) {
            drop("the connection ended", false, now);
            return true;
        }
        if (mode == ForwardMode.CONNECTING) {
            return handshake(now);
        }
        boolean worked = mode == ForwardMode.BATCHES ? sendBatches() : sendSingleFrames();
        if (mode == ForwardMode.BATCHES && now >= nextPoll) {
            poll(now);
            worked = true;
        }
        if (upstreams.primaryProbeDue(now)) {
            probeFirstUpstream(now);
        }
        return worked;
    }

    private boolean handshake(long now) throws IOException {
        if (!connection.connected()) {
            if (now > connectDeadline) {
                // Refused or unreachable: try the next upstream. Connected but stuck in the handshake: this one again.
                boolean reached = connection.tcpConnected();
                drop(reached ? "no ZMTP handshake within " + options.connectTimeout().toMillis() + " ms"
                        : "no connection within " + options.connectTimeout().toMillis() + " ms", !reached, now);
                return true;
            }
            return false;
        }
        CommittedQuery.Answer answer;
        try {
            answer = queries.get(upstreams.currentIndex()).ask();
        } catch (ControlException e) {
            notAnswered(e, now);
            return true;
        }
        unanswered = 0;
        upstreams.answered(now);
        if (answer instanceof CommittedQuery.Held held) {
            heardRefusal(held.refused());
            mode = ForwardMode.BATCHES;
            sizeBatchesFor(held.maxMessageBytes());
            acknowledge(held.seq());
            rewindTo(acknowledged);
            lastProgress = now;
            nextPoll = now + options.pollInterval().toNanos();
            LOG.log(System.Logger.Level.INFO, "forwarder: sending batches to " + upstreams.current()
                    + " from seq " + (acknowledged + 1));
        } else {
            mode = ForwardMode.SINGLE_FRAMES;
            rewindTo(acknowledged);
            if (!singleFrameLogged) {
                singleFrameLogged = true;
                LOG.log(System.Logger.Level.WARNING, "forwarder: " + upstreams.current() + " answers COMMITTED with '"
                        + ((CommittedQuery.Unsupported) answer).error() + "': an original Ziggy daemon; sending single-frame"
                        + " events without acknowledgement (events in flight when it stops are lost)");
            }
        }
        return true;
    }

    /**
     * Sizes the batches to the current upstream's limit on a whole message ({@code --max-message-bytes}, 0 when
     * it did not say): an upstream refuses a larger batch as oversized, and the agent would send it again for
     * ever. An event larger than a batch still goes alone, as before; one larger than the upstream takes in a
     * message is set aside ({@link #readBatch}), and that this may happen is warned of once per limit.
     */
    private void sizeBatchesFor(int upstreamMaxMessageBytes) {
        this.upstreamMaxMessageBytes = upstreamMaxMessageBytes;
        int fitting = upstreamMaxMessageBytes <= 0 ? options.maxBatchBytes()
                : Math.max(1, Math.min(options.maxBatchBytes(), upstreamMaxMessageBytes - batchHeaderBytes));
        if (fitting != batchBytes && fitting < options.maxBatchBytes()) {
            LOG.log(System.Logger.Level.INFO, "forwarder: " + upstreams.current() + " takes messages of at most "
                    + upstreamMaxMessageBytes + " bytes: batches of at most " + fitting + " bytes of events");
        }
        batchBytes = fitting;
        // What an upstream of that limit takes for certain: a relay queues events of its limit less the largest
        // header, as this agent does, and refuses a larger one for good (rejected.too_large_to_queue).
        int upstreamLargestEvent = BatchHeader.largestEventIn(upstreamMaxMessageBytes);
        int largestEvent = queue.maxEventBytes();
        if (upstreamMaxMessageBytes != warnedLimit && upstreamMaxMessageBytes > 0 && largestEvent > upstreamLargestEvent) {
            warnedLimit = upstreamMaxMessageBytes;
            LOG.log(System.Logger.Level.WARNING, "forwarder: " + upstreams.current() + " takes messages of at most "
                    + upstreamMaxMessageBytes + " bytes and this agent queues events of up to " + largestEvent
                    + " bytes: an event of more than " + Math.max(0, upstreamLargestEvent) + " bytes is refused there"
                    + " or set aside here (forward.too_large), not forwarded; give this agent a --max-message-bytes no"
                    + " larger than its upstream's");
        }
    }

    private boolean sendBatches() throws IOException {
        boolean worked = false;
        while (sentSeq - acknowledged < options.maxInFlight()) {
            if (pending.isEmpty() && !readBatch()) {
                return worked;
            }
            if (!connection.sendBatch(pending.header(queue.sourceId()), pending.events())) {
                return worked;
            }
            if (sentSeq <= acknowledged) {
                // Nothing was in flight: the wait for an acknowledgement starts now, not at the last one,
                // which after an idle spell is longer ago than resendAfter.
                lastProgress = System.nanoTime();
            }
            sentSeq = pending.lastSeq();
            batches++;
            // After an idle spell the next poll may be a second away; new events want their answer sooner.
            nextPoll = Math.min(nextPoll, System.nanoTime() + options.pollInterval().toNanos());
            pending.clear();
            worked = true;
        }
        return worked;
    }

    /** Sends the events of (at most) one batch one frame each; false when there was nothing to send. */
    private boolean sendSingleFrames() throws IOException {
        if (pending.isEmpty() && !singleFrames.read(cursor, pending)) {
            return false;
        }
        if (!singleFrames.send(connection, pending)) {
            return true;
        }
        sentSeq = pending.lastSeq();
        pending.clear();
        // The socket took them: an original Ziggy daemon acknowledges nothing, so this is as far as custody goes.
        acknowledge(sentSeq);
        return true;
    }

    /**
     * Reads the next batch from the queue into one of the connection's buffers; false when nothing new is
     * visible, or JeroMQ still holds every buffer (the socket is that far behind).
     */
    private boolean readBatch() throws IOException {
        while (true) {
            ByteBuffer into = connection.batchBuffer();
            if (into == null) {
                return false;
            }
            into.limit(Math.min(into.capacity(), batchBytes));
            try {
                if (!pending.read(cursor, into, options.maxBatchEvents())) {
                    return false;
                }
                if (!setAside.isEmpty()) {
                    // Sent after all (an upstream of a larger limit now): the upstream's acknowledgement frees them.
                    setAside.subSet(pending.firstSeq(), true, pending.lastSeq(), true).clear();
                }
                return true;
            } catch (IllegalArgumentException tooBig) {
                // The next event alone is bigger than a batch buffer: it goes alone, from one that holds any event,
                // unless even alone it is more than the upstream takes in a message.
                if (!pending.read(cursor, connection.oversizeBuffer(), 1)) {
                    return false;
                }
                int eventBytes = pending.events().position();
                if (upstreamMaxMessageBytes <= 0 || (long) batchHeaderBytes + eventBytes <= upstreamMaxMessageBytes) {
                    setAside.remove(pending.firstSeq());
                    return true;
                }
                setAsideTooLarge(pending.firstSeq(), eventBytes);
                pending.clear();
            }
        }
    }

    /**
     * An event the upstream refuses however often it is sent: kept in the set-aside file, counted once, logged,
     * and let go with the one before it.
     */
    private void setAsideTooLarge(long seq, int eventBytes) {
        if (setAside.add(seq)) {
            tooLarge++;
            String kept = setAsideFile.keepOrSay(pending.events().duplicate().flip());
            rateLimited.log(System.Logger.Level.WARNING, "too large", "forwarder: " + upstreams.current() + " takes messages"
                    + " of at most " + upstreamMaxMessageBytes + " bytes and the event at seq " + seq + " is " + eventBytes
                    + " bytes: set aside, counted in forward.too_large; " + kept);
        }
    }

    private void poll(long now) throws IOException {
        CommittedQuery.Answer answer;
        try {
            answer = queries.get(upstreams.currentIndex()).ask();
        } catch (ControlException e) {
            notAnswered(e, now);
            return;
        }
        unanswered = 0;
        if (answer instanceof CommittedQuery.Unsupported) {
            drop("it no longer knows COMMITTED", false, now);
            return;
        }
        CommittedQuery.Held heldAnswer = (CommittedQuery.Held) answer;
        heardRefusal(heldAnswer.refused());
        long held = heldAnswer.seq();
        long before = acknowledged;
        if (held > acknowledged || !setAside.isEmpty()) {
            acknowledge(held);
        }
        if (acknowledged > before) {
            lastProgress = now;
        }
        long resendAfter = resendAfterNanos();
        switch (ResendRule.after(sentSeq, acknowledged, now - lastProgress, resendAfter)) {
            case SKIP_AHEAD -> rewindTo(acknowledged);
            case RESEND -> {
                // A new connection, not just a rewind: the one in use may be stuck.
                fruitlessResends++;
                drop("acknowledged nothing for " + resendAfter / 1_000_000 + " ms; sending again from seq "
                        + (acknowledged + 1) + " on a new connection (the next such wait " + resendAfterNanos() / 1_000_000
                        + " ms)", false, now);
                return;
            }
            case WAIT -> { }
        }
        nextPoll = now + (sentSeq > acknowledged ? options.pollInterval() : options.idlePollInterval()).toNanos();
    }

    /**
     * What the upstream's latest COMMITTED said of refusing this agent's batches, logged when it starts and ends:
     * without it a refused agent shows only resends, every one "acknowledged nothing", and no cause.
     */
    private void heardRefusal(String reason) {
        if (reason.equals(refused)) {
            return;
        }
        if (reason.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "forwarder: " + upstreams.current() + " takes this agent's batches again");
        } else {
            LOG.log(System.Logger.Level.WARNING, "forwarder: " + upstreams.current() + " refuses this agent's batches ("
                    + reason + (reason.equals(TOO_MANY_SOURCES) ? ": it keeps marks for as many sources as it may, or for as"
                    + " many as this agent's address may hold, --max-sources-per-peer there" : "")
                    + "); they stay in the queue and go again, each time after a longer wait");
        }
        refused = reason;
    }

    private void notAnswered(ControlException e, long now) {
        unanswered++;
        nextPoll = now + options.pollInterval().toNanos();
        if (unanswered >= options.failoverAfter()) {
            drop("it did not answer COMMITTED " + unanswered + " times (" + e.getMessage() + ")", true, now);
        }
    }

    /** While on a later upstream, moves back to the first one once it answers again. */
    private void probeFirstUpstream(long now) {
        try {
            queries.get(0).ask();
        } catch (ControlException e) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "forwarder: " + upstreams.all().get(0) + " answers again; moving back to it");
        drop("the first upstream is back", false, now);
        upstreams.backToFirst(now);
    }

    /** Frees through {@code seq} what the upstream holds, and the events set aside right after it. */
    private void acknowledge(long seq) {
        long through = Math.max(seq, acknowledged);
        while (setAside.remove(through + 1)) {
            through++;
        }
        setAside.headSet(through, true).clear();
        queue.ack(through);
        long before = acknowledged;
        acknowledged = Math.max(acknowledged, queue.stats().acknowledgedSeq());
        if (acknowledged > before) {
            fruitlessResends = 0;
        }
    }

    /** How long acknowledgements may stall before everything in flight goes again: doubled per fruitless resend. */
    private long resendAfterNanos() {
        return options.resendAfter().toNanos() << Math.min(fruitlessResends, MOST_RESEND_DOUBLINGS);
    }

    /**
     * Reads on from {@code seq + 1}, forgetting what is pending. A resend is counted when this goes back
     * over events already sent: once per time the same events go out again, however many steps (the
     * dropped connection, then the new one's handshake) lead to it.
     */
    private void rewindTo(long seq) throws IOException {
        cursor.seek(seq + 1);
        if (sentSeq > seq) {
            resends++;
        }
        sentSeq = seq;
        pending.clear();
    }

    /** Ends the connection (discarding whatever it still queued) and tries again later, maybe elsewhere. */
    private void drop(String why, boolean failover, long now) {
        Upstream was = upstreams.current();
        if (connection != null) {
            connection.close();
            connection = null;
        }
        connected = false;
        mode = ForwardMode.CONNECTING;
        unanswered = 0;
        try {
            rewindTo(acknowledged);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "forwarder: cannot rewind the queue cursor", e);
        }
        String next = upstreams.leave(failover, now);
        LOG.log(System.Logger.Level.WARNING, "forwarder: " + (failover ? "leaving " : "") + was + ": " + why + "; " + next);
    }

    /** Stops the thread and closes the sockets; the queue stays open (its owner closes it). */
    @Override
    public void close() throws IOException {
        running = false;
        if (thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (CommittedQuery query : queries) {
            query.close();
        }
        cursor.close();
        context.close();
    }
}
