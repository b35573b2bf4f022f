package ziggy.zmtp;

/** Why the endpoint closed a peer's connection before or while serving it. Each reason is counted apart. */
public enum RefusalReason {
    /** The first bytes are not a ZMTP signature (an HTTP client, a port scanner, garbage). */
    NOT_ZMTP,
    /** ZMTP 1.0 or 2.x: the endpoint speaks ZMTP 3.0 and 3.1 only. */
    OLD_VERSION,
    /** A security mechanism other than the endpoint's: NULL, or CURVE when CURVE is on (PLAIN, GSSAPI never). */
    MECHANISM,
    /** A socket type other than PUSH, or none, in the peer's READY command. */
    SOCKET_TYPE,
    /** Bytes that break the framing rules of RFC 23/37 after a valid greeting. */
    PROTOCOL_ERROR,
    /** The peer closed before its greeting and READY were complete: a port probe, a client that gave up. */
    ABANDONED_HANDSHAKE,
    /** No complete greeting and READY within the handshake timeout. */
    HANDSHAKE_TIMEOUT,
    /** A frame header announcing more than 2 GiB: no message that large is ever taken or skipped. */
    OVERSIZED,
    /** A new connection at the connection cap, when every open one was in the middle of a message. */
    CONNECTION_LIMIT,
    /** The quietest connection, closed at the cap (or when descriptors ran out) to admit a new one. */
    EVICTED,
    /** No byte, not even a ZMTP 3.1 PING, for the idle timeout after the handshake. */
    IDLE_TIMEOUT,
    /** Held receive memory for a partial message without sending more while other peers waited for memory. */
    MEMORY_STALLED,
    /**
     * A CURVE handshake that fails (RFC 26): a malformed HELLO or INITIATE, a box that does not open
     * (a client with the wrong server key, or bytes changed on the way), a cookie not ours, a vouch
     * that does not prove the client's key.
     */
    CURVE_HANDSHAKE,
    /**
     * A HELLO beyond the CURVE handshakes the endpoint serves a second
     * ({@link CurveServerKeys#servingHandshakesPerSecond}): refused before any cryptography, so that a
     * flood of handshakes cannot take the thread that reads every connection.
     */
    CURVE_RATE,
    /** After a CURVE handshake, a MESSAGE malformed or whose box does not open: forged or damaged. */
    CURVE_BOX,
    /** A CURVE MESSAGE whose short nonce is not above the last one: a replay, or a reordering. */
    CURVE_NONCE,
    /** A CURVE client whose permanent key is not among the authorized ones. */
    UNAUTHORIZED_KEY;

    /** The name in STATUS and in metrics labels: {@code not_zmtp}, {@code idle_timeout}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
