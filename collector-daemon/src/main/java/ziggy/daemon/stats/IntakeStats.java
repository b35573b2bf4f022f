package ziggy.daemon.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ziggy.protocol.event.RejectReason;
import ziggy.storage.dayfile.DayFileCounts;

/**
 * Everything STATUS reports about what came in and where it went. Each field has one writing
 * thread (named beside it); the control thread reads them all without a lock.
 *
 * <p>Types and hosts are published to readers copy-on-write: the collect thread makes a new array
 * only when it meets a new type or host, which happens a bounded number of times.
 */
public final class IntakeStats {
    private static final VarHandle LAST_RECEIVE;
    private static final VarHandle LAST_LAG;

    static {
        try {
            LAST_RECEIVE = MethodHandles.lookup().findVarHandle(IntakeStats.class, "lastReceive", double.class);
            LAST_LAG = MethodHandles.lookup().findVarHandle(IntakeStats.class, "lastLag", double.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long startedMillis = System.currentTimeMillis();

    // Written by the collect thread.
    public final Counter events = new Counter();
    public final Counter bytes = new Counter();
    public final Counter lostEvents = new Counter();
    public final Counter writeErrors = new Counter();
    public final Counter recreatedFiles = new Counter();
    /** Day files whose torn tail (an event never written whole) was cut when they were opened for append. */
    public final Counter cutTails = new Counter();
    public final Gauge openFiles = new Gauge();
    public final Counter streamDropped = new Counter();
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    @SuppressWarnings("unused") // through LAST_RECEIVE
    private volatile double lastReceive = Double.NaN;
    @SuppressWarnings("unused") // through LAST_LAG
    private volatile double lastLag = Double.NaN;
    private volatile Tally[] types = new Tally[0];
    private volatile Tally[] hosts = new Tally[0];

    // Written by the stream publisher thread.
    public final Counter streamSent = new Counter();
    /** Forwarder batches taken in, and their events kept. */
    public final Counter batches = new Counter();
    public final Counter batchEvents = new Counter();
    /** Batch events dropped because their seq was already taken from their source (resends). */
    public final Counter duplicateEvents = new Counter();
    /** Seqs a source skipped: events its queue dropped or lost before sending. */
    public final Counter skippedSeqs = new Counter();
    /** Batches refused because they start past events of their source this master declined, until those come again. */
    public final Counter batchesAwaitingResend = new Counter();
    /** Sources known; set by the collect thread. */
    public final Gauge sources = new Gauge();
    /** Sources forgotten after sending nothing for the source expiry ({@code --source-expiry}). */
    public final Counter sourcesExpired = new Counter();
    /** Sources forgotten, idle and settled, to make room for a new one ({@code --max-sources-per-peer}, a full table). */
    public final Counter sourcesEvicted = new Counter();

    public IntakeStats() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new Counter());
        }
    }

    /** From the collect thread: one event of {@code length} bytes taken in at {@code receiveSeconds}. */
    public void taken(int length, double receiveSeconds, double eventTime) {
        events.increment();
        bytes.add(length);
        LAST_RECEIVE.setRelease(this, receiveSeconds);
        LAST_LAG.setRelease(this, receiveSeconds - eventTime);
    }

    /** The day files' counts, kept here for STATUS; for the writer on the collect thread. */
    public DayFileCounts dayFileCounts() {
        return new DayFileCounts() {
            @Override
            public void writeError() {
                writeErrors.increment();
            }

            @Override
            public void lostEvents(int events) {
                lostEvents.add(events);
            }

            @Override
            public void cutTail() {
                cutTails.increment();
            }

            @Override
            public void recreatedFile() {
                recreatedFiles.increment();
            }

            @Override
            public void openFiles(int open) {
                openFiles.set(open);
            }
        };
    }

    public Counter rejected(RejectReason reason) {
        return rejected.get(reason);
    }

    /** From the collect thread, once per new type. */
    public Tally newType(String name) {
        Tally tally = new Tally(name);
        Tally[] grown = Arrays.copyOf(types, types.length + 1);
        grown[grown.length - 1] = tally;
        types = grown;
        return tally;
    }

    /** From the collect thread, once per new host. */
    public Tally newHost(String name) {
        Tally tally = new Tally(name);
        Tally[] grown = Arrays.copyOf(hosts, hosts.length + 1);
        grown[grown.length - 1] = tally;
        hosts = grown;
        return tally;
    }

    public List<Tally> types() {
        return List.of(types);
    }

    public List<Tally> hosts() {
        return List.of(hosts);
    }

    public int hostCount() {
        return hosts.length;
    }

    /** Receive time (epoch seconds) of the latest event, NaN before the first. */
    public double lastReceive() {
        return (double) LAST_RECEIVE.getAcquire(this);
    }

    /** The latest event's receive time minus its end (else start); NaN when it had neither. */
    public double lastLag() {
        return (double) LAST_LAG.getAcquire(this);
    }

    public double uptimeSeconds() {
        return (System.currentTimeMillis() - startedMillis) / 1000.0;
    }
}
