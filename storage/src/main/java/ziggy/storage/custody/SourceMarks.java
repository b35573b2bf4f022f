package ziggy.storage.custody;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per forwarding source, the highest seq taken in and the highest seq held durably.
 *
 * <p>The collect thread calls {@link #taken} for every batch event it keeps, with the store position
 * that event got (the count of events appended, or the queue seq); when the store says everything up
 * to a position is durable, {@link #advance} moves the durable marks, the store persists
 * {@link #durable()} with its own state, and {@link #publish} makes them what {@code COMMITTED}
 * answers. Taken marks run ahead of durable ones: a resend of what was taken but not yet durable is
 * still dropped, because it is already in the store and will be durable with the rest.
 *
 * <p>When this master declines events it was sent (its store could not take them, or lost them before
 * they were durable), it must not take that source's later events over the hole: acknowledging those
 * would acknowledge the declined ones too, and the source would delete them. So the source
 * {@link #awaitsResend awaits a resend}: batches starting past its taken mark are refused until one starts
 * at or before it (the forwarder sends again from its acknowledged seq when its acknowledgements stall),
 * or until {@link #RESEND_GRACE_NANOS}, after which a hole is taken for what it usually is, events the
 * source itself no longer has.
 *
 * <p>A source that sends no batch for its {@link SourceExpiry} is forgotten ({@link #expireIdle}), once all it
 * sent is durable: {@code COMMITTED} answers 0 for it from then on, which a forwarder takes as nothing new (it
 * keeps the highest acknowledgement it had), and its next batch starts it afresh. The only events that could
 * then be taken twice are ones it sent, this daemon made durable, and it never heard acknowledged before
 * falling silent for the whole expiry: a forwarder asks every 100 ms while it has such events.
 *
 * <p>Threads: everything but {@link #committed} runs on the collect thread; {@link #committed} is read
 * by the control thread.
 */
public final class SourceMarks {
    /**
     * How long a source's batches past a declined event are refused: several times a forwarder's resend
     * timeout (5 s by default), so that it comes back with what was declined well within it.
     */
    static final long RESEND_GRACE_NANOS = 30_000_000_000L;
    private static final long NOT_AWAITING = Long.MIN_VALUE;
    /** The clock before the collect loop's first turn. */
    private static final long NOT_STARTED = Long.MIN_VALUE;
    /** How often idle sources are looked for: a table of thousands is walked at most once a second. */
    private static final long EXPIRY_CHECK_NANOS = 1_000_000_000L;

    private final Map<String, Source> sources = new HashMap<>();
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final int maxSources;
    private final boolean keyedByClient;
    private final SourceExpiry expiry;
    /** The collect loop's clock at its last turn ({@link #expireIdle}): when a source looked up now was active. */
    private long clock = NOT_STARTED;
    private long nextExpiryCheck;
    private boolean changed;

    /** {@code recovered}: the durable marks a store found at start-up. Sources go by their ids alone. */
    public SourceMarks(Map<String, Long> recovered, int maxSources) {
        this(recovered, maxSources, false);
    }

    /** As above; {@code keyedByClient}: client keys are identities, and keyed sources go by id and key ({@link #name}). */
    public SourceMarks(Map<String, Long> recovered, int maxSources, boolean keyedByClient) {
        this(recovered, maxSources, keyedByClient, SourceExpiry.NEVER);
    }

    /**
     * As above; sources idle for {@code expiry} are forgotten. A recovered source counts as active when this
     * daemon starts: how long it was idle before is not recorded, so a restart only ever delays its expiry.
     */
    public SourceMarks(Map<String, Long> recovered, int maxSources, boolean keyedByClient, SourceExpiry expiry) {
        this.maxSources = maxSources;
        this.keyedByClient = keyedByClient;
        this.expiry = expiry;
        recovered.forEach((id, seq) -> {
            Source source = new Source();
            source.taken = seq;
            source.durable = seq;
            sources.put(id, source);
        });
        published.putAll(recovered);
    }

    /** The source's highest seq taken in so far; null for a new source past the maximum. */
    public Source source(String id) {
        Source source = sources.get(id);
        if (source == null) {
            if (sources.size() >= maxSources) {
                return null;
            }
            source = new Source();
            sources.put(id, source);
        }
        source.lastActive = clock;
        return source;
    }

    /**
     * As {@link #source(String)}, for a batch that came over a connection whose CURVE client proved
     * {@code curveClientKey} (Z85; null without CURVE): when client keys are identities, the source's marks go
     * by its id under that key ({@link #name}). A new keyed source starts from the marks its bare id has (the
     * same forwarder before its connections were keyed), so that nothing it sent then is taken twice.
     */
    public Source source(String curveClientKey, String id) {
        String name = name(curveClientKey, id);
        if (name.equals(id) || sources.containsKey(name)) {
            return source(name);
        }
        Source source = source(name);
        Source former = sources.get(id);
        if (source != null && former != null) {
            source.taken = former.durable;
            source.durable = former.durable;
            published.put(name, former.durable);
        }
        return source;
    }

    /**
     * The name a source's marks go by: its id alone, or, when client keys are identities (CURVE with a set
     * of authorized client keys), its id under the key its connection proved. A source id is no secret (it is
     * in the forwarder's STATUS, in Kafka's headers, on the wire without CURVE); keyed, a client that sends
     * another's id gets marks of its own, so a batch with a huge seq can no longer make this daemon drop that
     * source's later events as duplicates, nor tell it by COMMITTED that everything it holds may be deleted.
     * Not keyed when any key is taken: a forwarder without a certificate of its own makes a key at each start.
     */
    String name(String curveClientKey, String id) {
        return keyedByClient && curveClientKey != null ? curveClientKey + "/" + id : id;
    }

    /** Records that {@code source}'s events up to {@code seq} are in the store, the last at {@code position}. */
    public void taken(Source source, long seq, long position) {
        source.taken = seq;
        source.pending.add(seq, position);
    }

    /** Moves every source's durable mark to what the store holds through {@code durablePosition}; true when one moved. */
    public boolean advance(long durablePosition) {
        boolean moved = false;
        for (Source source : sources.values()) {
            long durable = source.pending.removeThrough(durablePosition, source.durable);
            if (durable != source.durable) {
                source.durable = durable;
                moved = true;
            }
        }
        changed |= moved;
        return moved;
    }

    /**
     * The store lost events it had taken: every source goes back to its durable mark, so that what it
     * sends again is taken again instead of dropped as a duplicate.
     */
    void forgetUndurable(long nowNanos) {
        for (Source source : sources.values()) {
            if (source.taken > source.durable) {
                declined(source, nowNanos);
            }
            source.taken = source.durable;
            source.pending.clear();
        }
    }

    /** Events of {@code source} past its taken mark were declined: later ones wait for them to come again. */
    public void declined(Source source, long nowNanos) {
        if (source.resendAwaitedSince == NOT_AWAITING) {
            source.resendAwaitedSince = nowNanos;
        }
    }

    /**
     * Whether a batch of {@code source} starting at {@code firstSeq} must be refused: it starts past the
     * taken mark while declined events are awaited, within the grace time. A batch that fills the hole,
     * or the end of the grace, ends the wait.
     */
    public boolean awaitsResend(Source source, long firstSeq, long nowNanos) {
        if (source.resendAwaitedSince == NOT_AWAITING) {
            return false;
        }
        if (firstSeq <= source.taken + 1 || nowNanos - source.resendAwaitedSince >= RESEND_GRACE_NANOS) {
            source.resendAwaitedSince = NOT_AWAITING;
            return false;
        }
        return true;
    }

    /**
     * A turn of the collect loop at {@code nowNanos}: forgets the sources that sent no batch for the expiry and
     * hold nothing undurable or awaited, at most once a second. Returns how many were forgotten; their marks
     * go from the next persisted state ({@link #changed()} is then true) and {@code COMMITTED} answers 0 for
     * them at once, which asks no forwarder for anything it has not already been told.
     */
    public int expireIdle(long nowNanos) {
        if (clock == NOT_STARTED) {
            start(nowNanos);
        }
        clock = nowNanos;
        if (expiry.idle().isZero() || nowNanos - nextExpiryCheck < 0) {
            return 0;
        }
        nextExpiryCheck = nowNanos + EXPIRY_CHECK_NANOS;
        long idleNanos = expiry.idle().toNanos();
        int forgotten = 0;
        for (Iterator<Map.Entry<String, Source>> it = sources.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Source> entry = it.next();
            Source source = entry.getValue();
            if (nowNanos - source.lastActive >= idleNanos && source.settled(nowNanos) && expiry.expires(entry.getKey())) {
                it.remove();
                published.remove(entry.getKey());
                forgotten++;
            }
        }
        changed |= forgotten > 0;
        return forgotten;
    }

    /** The first turn: every source known so far (those recovered, those of batches taken before it) is active now. */
    private void start(long nowNanos) {
        nextExpiryCheck = nowNanos + EXPIRY_CHECK_NANOS;
        for (Source source : sources.values()) {
            source.lastActive = nowNanos;
        }
    }

    /** Whether durable marks moved, or sources were forgotten, since the last {@link #publish}. */
    public boolean changed() {
        return changed;
    }

    /** The durable marks, for the store to persist before they are published. */
    public Map<String, Long> durable() {
        Map<String, Long> marks = new HashMap<>();
        sources.forEach((id, source) -> marks.put(id, source.durable));
        return marks;
    }

    /** Makes the durable marks the answers to {@code COMMITTED}; call after they are persisted. */
    public void publish() {
        sources.forEach((id, source) -> published.put(id, source.durable));
        changed = false;
    }

    /** {@code COMMITTED}'s answer: the highest seq of {@code source} held durably, 0 for none. Any thread. */
    public long committed(String source) {
        return published.getOrDefault(source, 0L);
    }

    /**
     * As {@link #committed(String)}, asked by a client whose CURVE connection proved {@code curveClientKey} (Z85;
     * null without CURVE): the marks {@link #source(String, String)} keeps for that client, or, before its first
     * batch, those of the bare id it starts from. Any thread.
     */
    public long committed(String curveClientKey, String id) {
        Long held = published.get(name(curveClientKey, id));
        return held != null ? held : committed(id);
    }

    /** Sources known. Collect thread. */
    public int size() {
        return sources.size();
    }

    /** One source's marks; its fields are this class's to change. */
    public static final class Source {
        long taken;
        long durable;
        /** When this master began awaiting a resend of events it declined; {@link #NOT_AWAITING} when it is not. */
        long resendAwaitedSince = NOT_AWAITING;
        /** (last seq, its store position) per event or batch taken and not yet durable, oldest first. */
        final PendingMarks pending = new PendingMarks();
        /** The collect loop's clock when a batch of this source last came (or when the loop first turned). */
        long lastActive = NOT_STARTED;

        /**
         * Everything taken is durable and no resend of declined events is awaited within its grace: forgetting the
         * source loses no acknowledgement it is owed, and lets no batch over a hole in.
         */
        boolean settled(long nowNanos) {
            return taken == durable && pending.isEmpty()
                    && (resendAwaitedSince == NOT_AWAITING || nowNanos - resendAwaitedSince >= RESEND_GRACE_NANOS);
        }

        /** The highest seq taken in so far from this source. */
        public long taken() {
            return taken;
        }
    }
}
