package ziggy.forward;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import ziggy.protocol.batch.BatchHeader;
import ziggy.protocol.control.ControlReplies;
import ziggy.testing.FreePort;

/**
 * An upstream for forwarder tests, on real JeroMQ sockets: a PULL collect port taking batches (and
 * single frames) and a REP control port answering COMMITTED. It keeps what it takes by seq and drops a
 * batch event whose seq is at or below the highest it took from that source, as a real upstream does;
 * everything it took counts as durable. {@link #crashLosingUnacknowledged()} plays a kill -9: the ports
 * go away and whatever it had not yet reported in a COMMITTED answer is forgotten.
 */
final class FakeUpstream implements AutoCloseable {
    enum Control { COMMITTED, UNKNOWN_COMMAND }

    final int collectPort = FreePort.pick();
    final int controlPort = FreePort.pick();
    private final Control control;
    private final TreeMap<Long, Long> idsBySeq = new TreeMap<>();
    private final List<Long> singleFrameIds = new ArrayList<>();
    private long mark;
    private long reported;
    /** Answers COMMITTED with the mark of the question before, as a master that commits at its next flush. */
    private boolean answersOneQuestionLate;
    private long markAtLastQuestion;
    /** COMMITTED answers 0 while set: the upstream takes batches and acknowledges none of them. */
    private boolean withholdingAcknowledgements;
    private long duplicates;
    private volatile boolean running;
    private Thread thread;

    FakeUpstream(Control control) {
        this.control = control;
    }

    Upstream upstream() {
        return Upstream.parseAll("127.0.0.1:" + collectPort, "127.0.0.1:" + controlPort).get(0);
    }

    /** COMMITTED answers what was held at the previous COMMITTED: acknowledgements lag one poll behind. */
    synchronized FakeUpstream answeringOneQuestionLate() {
        answersOneQuestionLate = true;
        return this;
    }

    /** From now on COMMITTED answers 0 (nothing held) until {@link #acknowledgeAgain()}; batches are still kept. */
    synchronized FakeUpstream withholdingAcknowledgements() {
        withholdingAcknowledgements = true;
        return this;
    }

    synchronized void acknowledgeAgain() {
        withholdingAcknowledgements = false;
    }

    synchronized FakeUpstream start() {
        running = true;
        thread = new Thread(this::serve, "fake-upstream-" + collectPort);
        thread.start();
        return this;
    }

    private void serve() {
        try (ZContext context = new ZContext(1)) {
            context.setLinger(0);
            ZMQ.Socket pull = context.createSocket(SocketType.PULL);
            pull.bind("tcp://127.0.0.1:" + collectPort);
            ZMQ.Socket rep = context.createSocket(SocketType.REP);
            rep.bind("tcp://127.0.0.1:" + controlPort);
            ZMQ.Poller poller = context.createPoller(2);
            poller.register(pull, ZMQ.Poller.POLLIN);
            poller.register(rep, ZMQ.Poller.POLLIN);
            while (running) {
                poller.poll(20);
                if (poller.pollin(0)) {
                    byte[] first = pull.recv(ZMQ.DONTWAIT);
                    if (first != null && pull.hasReceiveMore()) {
                        take(BatchHeader.decode(first), pull.recv(0));
                    } else if (first != null) {
                        synchronized (this) {
                            singleFrameIds.add(ForwardTestEvents.idOf(first));
                        }
                    }
                }
                if (poller.pollin(1)) {
                    byte[] request = rep.recv(ZMQ.DONTWAIT);
                    if (request != null) {
                        rep.send(answer(ControlReplies.decode(request)));
                    }
                }
            }
            poller.close();
        }
    }

    private synchronized void take(BatchHeader header, byte[] events) {
        ByteBuffer buffer = ByteBuffer.wrap(events).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (int i = 0; i < header.count(); i++) {
            int length = buffer.getInt(at);
            long seq = header.firstSeq() + i;
            if (seq > mark) {
                idsBySeq.put(seq, ForwardTestEvents.idOf(Arrays.copyOfRange(events, at, at + length)));
                mark = seq;
            } else {
                duplicates++;
            }
            at += length;
        }
        if (at != events.length) {
            throw new AssertionError("batch of " + header.count() + " events left " + (events.length - at) + " bytes");
        }
    }

    private synchronized byte[] answer(BsonDocument request) {
        if (control == Control.UNKNOWN_COMMAND || !"COMMITTED".equals(ControlReplies.commandOf(request))) {
            return ControlReplies.encode(ControlReplies.unknownCommand());
        }
        if (withholdingAcknowledgements) {
            return ControlReplies.encode(new BsonDocument("src", new BsonString(request.getString("src").getValue()))
                    .append("seq", new BsonInt64(0)));
        }
        reported = answersOneQuestionLate ? markAtLastQuestion : mark;
        markAtLastQuestion = mark;
        return ControlReplies.encode(new BsonDocument("src", new BsonString(request.getString("src").getValue()))
                .append("seq", new BsonInt64(reported)));
    }

    /** Stops as a kill -9 would: ports gone, everything not yet reported in COMMITTED forgotten. */
    void crashLosingUnacknowledged() {
        stop();
        synchronized (this) {
            idsBySeq.tailMap(reported, false).clear();
            mark = reported;
        }
    }

    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping the fake upstream", e);
            }
            thread = null;
        }
    }

    /** How many times each id arrived in a batch (and was kept). */
    synchronized Map<Long, Integer> batchedIdCounts() {
        Map<Long, Integer> counts = new TreeMap<>();
        for (long id : idsBySeq.values()) {
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    synchronized int batched() {
        return idsBySeq.size();
    }

    synchronized List<Long> singleFrameIds() {
        return List.copyOf(singleFrameIds);
    }

    synchronized long duplicatesDropped() {
        return duplicates;
    }

    @Override
    public void close() {
        stop();
    }
}
