package ziggy.storage.custody;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>What one peer may hold of the table: a new source is counted against the peer its batch came from (by
 * address, {@code ziggy.zmtp.PeerAddress}); a peer that holds its quota of sources, or a new source when the
 * table is full, makes room by forgetting the source of that peer (or, the table full, of the peer holding
 * most) that has been idle longest, once it is settled and idle for {@link #EVICTABLE_AFTER_NANOS} (or the
 * expiry, if shorter); without one, the new source is refused. So a peer inventing ids fills its own quota
 * and then only churns it, and never locks the other peers' new agents out. Forgetting early has the
 * expiry's one risk, sooner: a source that went quiet without hearing its last acknowledgement could have
 * those events taken twice. Nothing is forgotten early when sources never expire.
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
    /**
     * How long a source must have sent nothing before a new one may take its place: a minute, far past the
     * 100 ms in which a forwarder holding unacknowledged events asks for its acknowledgement.
     */
    static final long EVICTABLE_AFTER_NANOS = 60_000_000_000L;
    /**
     * How many of a peer's idlest sources are looked at for one to forget: bounded, so that a peer sending new
     * ids at its quota costs the collect thread a few lookups per batch, not a walk of its sources.
     */
    private static final int EVICTION_CANDIDATES = 16;
    /** The peer of recovered sources until a batch says theirs. */
    private static final String UNKNOWN_PEER = "";

    private final Map<String, Source> sources = new HashMap<>();
    /** Per peer, its sources, the idlest first; Kafka's marks, which have no peer, are in none. */
    private final Map<String, LinkedHashMap<String, Source>> peers = new HashMap<>();
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final RefusedSources refused = new RefusedSources();
    private final int maxSources;
    private final int maxSourcesPerPeer;
    private final boolean keyedByClient;
    private final SourceExpiry expiry;
    /** How idle a source must be to be forgotten for a new one; {@link Long#MAX_VALUE} when none ever is. */
    private final long evictableAfterNanos;
    /** The peer holding most sources, as of {@link #nextLargestCheck}: where a full table makes room. */
    private String largestPeer;
    private long nextLargestCheck;
    /** Sources forgotten to make room, since {@link #takeEvicted} was last called. */
    private int evicted;
    /** The collect loop's clock at its last turn ({@link #expireIdle}): when a source looked up now was active. */
    private long clock = NOT_STARTED;
    private long nextExpiryCheck;
    private boolean changed;

    /** {@code recovered}: the durable marks a store found at start-up. Sources go by their ids alone, never forgotten. */
    public SourceMarks(Map<String, Long> recovered, int maxSources) {
        this(recovered, maxSources, false);
    }

    /** As above; {@code keyedByClient}: client keys are identities, and keyed sources go by id and key ({@link #name}). */
    public SourceMarks(Map<String, Long> recovered, int maxSources, boolean keyedByClient) {
        this(recovered, maxSources, maxSources, keyedByClient, SourceExpiry.NEVER);
    }

    /**
     * As above; a peer holds at most {@code maxSourcesPerPeer} of the {@code maxSources}, and sources idle for
     * {@code expiry} are forgotten. A recovered source counts as active when this daemon starts: how long it was
     * idle before is not recorded, so a restart only ever delays its expiry.
     */
    public SourceMarks(Map<String, Long> recovered, int maxSources, int maxSourcesPerPeer, boolean keyedByClient,
                       SourceExpiry expiry) {
        this.maxSources = maxSources;
        this.maxSourcesPerPeer = maxSourcesPerPeer;
        this.keyedByClient = keyedByClient;
        this.expiry = expiry;
        this.evictableAfterNanos = expiry.idle().isZero() ? Long.MAX_VALUE
                : Math.min(EVICTABLE_AFTER_NANOS, expiry.idle().toNanos());
        recovered.forEach((id, seq) -> {
            Source source = new Source();
            source.taken = seq;
            source.durable = seq;
            sources.put(id, source);
            if (expiry.expires(id)) {
                joinPeer(id, source, UNKNOWN_PEER);
            }
        });
        published.putAll(recovered);
    }

    /**
     * The marks of a source that belongs to no peer (a Kafka partition's): never counted against a quota, never
     * forgotten to make room; null for a new one while the table is full.
     */
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
     * The marks of a forwarder's source, for a batch that came from the peer at {@code peer} ({@code PeerAddress})
     * over a connection whose CURVE client proved {@code curveClientKey} (Z85; null without CURVE): when client
     * keys are identities, the source's marks go by its id under that key ({@link #name}). A new keyed source
     * starts from the marks its bare id has (the same forwarder before its connections were keyed), so that
     * nothing it sent then is taken twice. Null for a new source there is no room for (see the class).
     */
    public Source source(String peer, String curveClientKey, String id) {
        String name = name(curveClientKey, id);
        if (name.equals(id) || sources.containsKey(name)) {
            return forwarded(peer, name);
        }
        Source source = forwarded(peer, name);
        Source former = sources.get(id);
        if (source != null && former != null) {
            source.taken = former.durable;
            source.durable = former.durable;
            published.put(name, former.durable);
        }
        return source;
    }

    /** A forwarder's source, made (room made for it) when new, and counted as its peer's from now on. */
    private Source forwarded(String peerOrNull, String name) {
        String peer = peerOrNull == null ? UNKNOWN_PEER : peerOrNull;
        Source source = sources.get(name);
        if (source == null) {
            if (!makeRoom(peer)) {
                refused.refused(name);
                return null;
            }
            refused.taken(name);
            source = new Source();
            sources.put(name, source);
        }
        source.lastActive = clock;
        if (!peer.equals(source.peer)) {
            leavePeer(name, source);
            joinPeer(name, source, peer);
        } else {
            peers.get(peer).get(name); // the access order: now the peer's most recently active
        }
        return source;
    }

    /**
     * Whether a new source of {@code peer} may be taken: at the peer's quota, once one of its own idle sources is
     * forgotten; the table full, once one of the peer holding most is.
     */
    private boolean makeRoom(String peer) {
        LinkedHashMap<String, Source> own = peers.get(peer);
        if (own != null && own.size() >= maxSourcesPerPeer && !evictOneOf(own)) {
            return false;
        }
        if (sources.size() < maxSources) {
            return true;
        }
        LinkedHashMap<String, Source> largest = peers.get(largestPeer());
        return largest != null && evictOneOf(largest);
    }

    /** The peer holding most sources, found again at most once a second: a full table costs no walk per batch. */
    private String largestPeer() {
        if (largestPeer == null || !peers.containsKey(largestPeer) || clock - nextLargestCheck >= 0) {
            nextLargestCheck = clock + EXPIRY_CHECK_NANOS;
            int most = 0;
            for (Map.Entry<String, LinkedHashMap<String, Source>> peer : peers.entrySet()) {
                if (peer.getValue().size() > most) {
                    most = peer.getValue().size();
                    largestPeer = peer.getKey();
                }
            }
        }
        return largestPeer;
    }

    /**
     * Forgets the idlest of the peer's sources that is settled, idle long enough and not kept by the expiry, if one
     * of its {@value #EVICTION_CANDIDATES} idlest is.
     */
    private boolean evictOneOf(LinkedHashMap<String, Source> peerSources) {
        int looked = 0;
        for (Map.Entry<String, Source> entry : peerSources.entrySet()) {
            Source source = entry.getValue();
            if (clock - source.lastActive < evictableAfterNanos) {
                return false; // the rest were active more recently still
            }
            if (source.settled(clock) && expiry.expires(entry.getKey())) {
                forget(entry.getKey(), source);
                evicted++;
                return true;
            }
            if (++looked == EVICTION_CANDIDATES) {
                return false;
            }
        }
        return false;
    }

    private void joinPeer(String name, Source source, String peer) {
        source.peer = peer;
        peers.computeIfAbsent(peer, p -> new LinkedHashMap<>(16, 0.75f, true)).put(name, source);
    }

    private void leavePeer(String name, Source source) {
        if (source.peer != null) {
            LinkedHashMap<String, Source> peerSources = peers.get(source.peer);
            peerSources.remove(name);
            if (peerSources.isEmpty()) {
                peers.remove(source.peer);
            }
            source.peer = null;
        }
    }

    /** Drops a source's marks: COMMITTED answers 0 for it at once, and the next persisted state lacks it. */
    private void forget(String name, Source source) {
        sources.remove(name);
        leavePeer(name, source);
        published.remove(name);
        changed = true;
    }

    /** How many sources were forgotten to make room for new ones since the last call. */
    public int takeEvicted() {
        int count = evicted;
        evicted = 0;
        return count;
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
        List<String> expired = new ArrayList<>();
        sources.forEach((name, source) -> {
            if (nowNanos - source.lastActive >= idleNanos && source.settled(nowNanos) && expiry.expires(name)) {
                expired.add(name);
            }
        });
        expired.forEach(name -> forget(name, sources.get(name)));
        return expired.size();
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

    /**
     * Whether the latest batches of the source {@code id}, as sent by the client of {@code curveClientKey} (as for
     * {@link #committed(String, String)}), were refused for want of room and none has been taken since. Any thread.
     */
    public boolean refusedForRoom(String curveClientKey, String id) {
        return refused.contains(name(curveClientKey, id));
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
        /** The peer it is counted against, {@link #UNKNOWN_PEER} when recovered and not heard from yet; null for none. */
        String peer;

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
