package ziggy.zmtp;

/** Why the endpoint closed a peer's connection before or while serving it. Each reason is counted apart. */
public enum RefusalReason {
    /** The first bytes are not a ZMTP signature (an HTTP client, a port scanner, garbage). */
    NOT_ZMTP,
    /** ZMTP 1.0 or 2.x: the endpoint speaks ZMTP 3.0 and 3.1 only. */
    OLD_VERSION,
    /** A security mechanism other than NULL (PLAIN, CURVE, GSSAPI). */
    MECHANISM,
    /** A socket type other than PUSH, or none, in the peer's READY command. */
    SOCKET_TYPE,
    /** Bytes that break the framing rules of RFC 23/37 after a valid greeting. */
    PROTOCOL_ERROR,
    /** The peer closed before its greeting and READY were complete: a port probe, a client that gave up. */
    ABANDONED_HANDSHAKE,
    /** No complete greeting and READY within the handshake timeout. */
    HANDSHAKE_TIMEOUT
}
